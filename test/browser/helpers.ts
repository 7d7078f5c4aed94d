import { getBytes, Wallet, id } from 'ethers'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { Test } from 'tap'
import { startFrontendServer } from '../../examples/frontend/server.js'
import { startApi } from '../helpers/api.js'

// Debian's Chromium, headless and kept off the network: the tests need none, and its background
// fetches (updates, sync, Google's hosts) only slow the start down where there is no network.
export async function launchBrowser (): Promise<Browser> {
  return await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync']
  })
}

export interface Stack {
  /** The page, on an origin the API allows, e.g. `http://localhost:41234`. */
  pageUrl: string
  /** The same page on another port, an origin the API does not allow. */
  strangerUrl: string
  /** The API as pages call it: `localhost` too, so page and API are same-site, as in the quickstart. */
  apiUrl: string
}

/** Starts the API and two copies of the page, all listening on 127.0.0.1 only, closed in teardown. */
export async function startStack (t: Test, env: Record<string, string> = {}): Promise<Stack> {
  let apiUrl = ''
  const page = await startFrontendServer({ apiUrl: () => apiUrl, port: 0 })
  t.teardown(page.close)
  const stranger = await startFrontendServer({ apiUrl: () => apiUrl, port: 0 })
  t.teardown(stranger.close)
  const apiPort = await startApi(t, { ALLOWED_ORIGINS: page.url, ...env })
  apiUrl = `http://localhost:${apiPort}`
  return { pageUrl: page.url, strangerUrl: stranger.url, apiUrl }
}

/** A deterministic test account, so screenshots and logs are the same from run to run. */
export const testSigner = new Wallet(id('siwe-session-service browser test wallet'))

export interface TestWallet {
  /** Chain the wallet reports from `eth_chainId`. */
  chainId: number
  /** When true, `personal_sign` fails the way a person pressing "Reject" makes it fail (EIP-1193 4001). */
  refuse: boolean
  /** How many messages the wallet was asked to sign. */
  signRequests: number
}

const walletIcon = 'data:image/svg+xml;base64,' + Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#f59e0b"/>' +
  '<path d="M8 11h16v12H8z" fill="#fff"/><path d="M8 11l3-4h12v4" fill="#fde68a"/><circle cx="20" cy="17" r="2" fill="#f59e0b"/></svg>'
).toString('base64')

/**
 * Gives `page` a wallet the way an extension does: an EIP-1193 provider on `window.ethereum` that
 * also announces itself through EIP-6963. Its requests are answered here, in Node, by an ethers
 * Wallet, so the key never enters the page.
 */
export async function injectWallet (page: Page, options: { chainId?: number, refuse?: boolean } = {}): Promise<TestWallet> {
  const wallet: TestWallet = { chainId: options.chainId ?? 1, refuse: options.refuse ?? false, signRequests: 0 }
  await page.exposeFunction('testWalletRequest', async (method: string, params: unknown[]): Promise<WalletAnswer> => {
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        // Lower case, as many wallets report it: the page must checksum it for EIP-4361.
        return { result: [testSigner.address.toLowerCase()] }
      case 'eth_chainId':
        return { result: `0x${wallet.chainId.toString(16)}` }
      case 'personal_sign': {
        wallet.signRequests++
        if (wallet.refuse) return { error: { code: 4001, message: 'User rejected the request.' } }
        const [data, address] = params as [string, string]
        if (address.toLowerCase() !== testSigner.address.toLowerCase()) return { error: { code: 4100, message: 'Unknown account' } }
        return { result: await testSigner.signMessage(getBytes(data)) }
      }
      default:
        return { error: { code: 4200, message: `Unsupported method ${method}` } }
    }
  })
  await page.addInitScript(installWallet({ uuid: 'c0ffee00-0000-4000-8000-000000000001', name: 'Test Wallet', icon: walletIcon, rdns: 'org.example.testwallet' }))
  return wallet
}

interface WalletAnswer { result?: unknown, error?: { code: number, message: string } }

// The page-side half, run before the page's own scripts. Kept as source text: a function passed
// to Playwright would carry the TypeScript loader's helpers, which the page does not have.
function installWallet (info: { uuid: string, name: string, icon: string, rdns: string }): string {
  return `(() => {
    const info = ${JSON.stringify(info)}
    const provider = {
      async request ({ method, params }) {
        const answer = await window.testWalletRequest(method, params ?? [])
        if (answer.error !== undefined) throw Object.assign(new Error(answer.error.message), { code: answer.error.code })
        return answer.result
      }
    }
    const announce = () => {
      window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }))
    }
    window.addEventListener('eip6963:requestProvider', announce)
    window.ethereum = provider
    announce()
  })()`
}

/** What the page itself gets from `GET /me` with its cookies: a status, or the error fetch threw. */
export async function fetchMeInPage (page: Page, apiUrl: string): Promise<number | string> {
  return await page.evaluate(async (url) => {
    try {
      const res = await fetch(`${url}/me`, { credentials: 'include' })
      return res.status
    } catch (err) {
      return String(err)
    }
  }, apiUrl)
}

export async function newContext (browser: Browser): Promise<BrowserContext> {
  return await browser.newContext({ viewport: { width: 800, height: 640 }, locale: 'en-GB', timezoneId: 'UTC' })
}
