/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import type { Browser, Page } from 'playwright-core'
import { fetchMeInPage, injectWallet, launchBrowser, newContext, startStack, testSigner, type Stack } from './helpers.js'

// Real Chromium, real cookie jar, real CORS: the page on one origin, the API on another, both on
// `localhost` as in the quickstart (page :8080, API :3000). Only the wallet extension is simulated.
t.setTimeout(180_000)

const screenshots = join(import.meta.dirname, '../../screenshots')

let browser: Browser
let stack: Stack
let storeDown: Stack
let limited: Stack
t.before(async () => {
  [browser, stack, storeDown, limited] = await Promise.all([
    launchBrowser(),
    // The service accepts Ethereum mainnet only, so a wallet on Polygon has to be turned away.
    startStack(t, { SIWE_CHAIN_IDS: '1' }),
    // Nothing listens on port 1: this service starts without its store, as the contract wants,
    // and answers 503 store_unavailable (its start waits 2 s for Redis, hence in parallel here).
    startStack(t, { REDIS_URL: 'redis://127.0.0.1:1' }),
    // One /nonce and one /verify per minute: the second sign-in is refused.
    startStack(t, { RATE_LIMIT_MAX: '1' })
  ])
  t.teardown(() => browser.close())
})

async function openPage (url: string, wallet: { chainId?: number, refuse?: boolean } = {}) {
  const context = await newContext(browser)
  const page = await context.newPage()
  const testWallet = await injectWallet(page, wallet)
  await page.goto(url)
  return { context, page, wallet: testWallet }
}

async function signIn (page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign in with Test Wallet' }).click()
  await page.locator('#view-signed-in').waitFor()
}

t.test('sign in, stay signed in across a reload, sign out', async (t) => {
  const { context, page, wallet } = await openPage(stack.pageUrl)
  t.teardown(() => context.close())

  await page.locator('#view-signed-out').waitFor()
  t.equal(await page.locator('#wallets button').count(), 1, 'the wallet is listed once, though both announced and on window.ethereum')
  t.equal(await fetchMeInPage(page, stack.apiUrl), 401, 'not signed in at first, and the page can read the 401')

  await signIn(page)
  t.equal(wallet.signRequests, 1)
  t.equal(await page.locator('#account-address').textContent(), testSigner.address, 'shows the EIP-55 address')
  t.equal(await page.locator('#account-chain').textContent(), 'Ethereum (chain 1)')
  t.equal(await fetchMeInPage(page, stack.apiUrl), 200)

  const [cookie] = await context.cookies(stack.apiUrl)
  t.match(cookie, { httpOnly: true, sameSite: 'Lax' }, 'the session cookie is HttpOnly and SameSite=Lax')
  t.notOk(await page.evaluate((name) => document.cookie.includes(name), cookie!.name), 'and page scripts cannot read it')

  await mkdir(screenshots, { recursive: true })
  await page.screenshot({ path: join(screenshots, 'signed-in.png') })

  await page.reload()
  await page.locator('#view-signed-in').waitFor()
  t.equal(await page.locator('#account-address').textContent(), testSigner.address, 'still signed in after a reload')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.locator('#view-signed-out').waitFor()
  t.equal(await fetchMeInPage(page, stack.apiUrl), 401, 'signed out')
  t.ok(await page.locator('#error').isHidden(), 'no error shown')
})

t.test('a page on a disallowed origin can neither read /me nor sign you out, even with the cookie sent', async (t) => {
  const { context, page } = await openPage(stack.pageUrl)
  t.teardown(() => context.close())
  await signIn(page)

  // Same browser, same cookie jar: the cookie is sent (same site), but without a CORS grant
  // the browser keeps the answer from the page.
  const stranger = await context.newPage()
  await stranger.goto(stack.strangerUrl)
  t.match(await fetchMeInPage(stranger, stack.apiUrl), /TypeError/, 'fetch fails in the page')
  await stranger.locator('#error').waitFor()
  t.equal(await stranger.locator('#error-title').textContent(), 'Cannot reach the sign-in service')

  // A simple POST needs no preflight, so it does reach the service with the cookie; the service
  // refuses it by its Origin (CSRF) and the session survives. The refusal carries
  // Cross-Origin-Resource-Policy: same-origin, so the browser withholds even an opaque answer.
  const logout = await stranger.evaluate(async (url) => {
    try {
      const res = await fetch(`${url}/logout`, { method: 'POST', credentials: 'include', mode: 'no-cors' })
      return res.type
    } catch (err) {
      return String(err)
    }
  }, stack.apiUrl)
  t.match(logout, /TypeError/, 'the page gets no answer to its sign-out attempt')

  // The session is there: the allowed page still reads it.
  t.equal(await fetchMeInPage(page, stack.apiUrl), 200, 'and the session is still signed in')
})

t.test('a page on a disallowed origin cannot sign in', async (t) => {
  const { context, page, wallet } = await openPage(stack.strangerUrl)
  t.teardown(() => context.close())
  await page.locator('#view-signed-out').waitFor()

  await page.getByRole('button', { name: 'Sign in with Test Wallet' }).click()
  await page.locator('#error').waitFor()
  t.equal(await page.locator('#error-title').textContent(), 'Cannot reach the sign-in service')
  t.equal(wallet.signRequests, 0, 'the wallet was never asked to sign')
  t.ok(await page.locator('#view-signed-out').isVisible())

  const allowed = await context.newPage()
  await allowed.goto(stack.pageUrl)
  t.equal(await fetchMeInPage(allowed, stack.apiUrl), 401, 'no session came of it')
})

t.test('refusing to sign in the wallet shows the refusal and leaves no session', async (t) => {
  const { context, page, wallet } = await openPage(stack.pageUrl, { refuse: true })
  t.teardown(() => context.close())

  await page.getByRole('button', { name: 'Sign in with Test Wallet' }).click()
  await page.locator('#error').waitFor()
  t.equal(await page.locator('#error-title').textContent(), 'Signature refused')
  t.match(await page.locator('#error-text').textContent(), /declined/)
  t.equal(wallet.signRequests, 1)
  t.equal(await fetchMeInPage(page, stack.apiUrl), 401)
  t.ok(await page.locator('#view-signed-out').isVisible(), 'back at the wallet choice, to try again')
})

t.test('a wallet on a chain the service does not accept is told so', async (t) => {
  const { context, page } = await openPage(stack.pageUrl, { chainId: 137 })
  t.teardown(() => context.close())

  await page.getByRole('button', { name: 'Sign in with Test Wallet' }).click()
  await page.locator('#error').waitFor()
  t.equal(await page.locator('#error-title').textContent(), 'Wrong network')
  t.match(await page.locator('#error-text').textContent(), /Polygon \(chain 137\), which this service does not accept/)
  t.equal(await fetchMeInPage(page, stack.apiUrl), 401)
})

t.test('when the service cannot reach its session store, the page says so', async (t) => {
  const { context, page, wallet } = await openPage(storeDown.pageUrl)
  t.teardown(() => context.close())

  await page.getByRole('button', { name: 'Sign in with Test Wallet' }).click()
  await page.locator('#error').waitFor()
  t.equal(await page.locator('#error-title').textContent(), 'The sign-in service is unavailable')
  t.equal(wallet.signRequests, 0, 'the wallet was never asked to sign')
})

t.test('a page that is rate limited is told how long to wait, from Retry-After', async (t) => {
  const { context, page } = await openPage(limited.pageUrl)
  t.teardown(() => context.close())
  await signIn(page)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.locator('#view-signed-out').waitFor()

  await page.getByRole('button', { name: 'Sign in with Test Wallet' }).click()
  await page.locator('#error').waitFor()
  t.equal(await page.locator('#error-title').textContent(), 'Too many attempts')
  // Only readable across origins because the reply exposes it (Access-Control-Expose-Headers).
  t.match(await page.locator('#error-text').textContent(), /^Please wait \d+ seconds and try again\.$/)
})
