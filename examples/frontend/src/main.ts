/// <reference lib="dom" />
import { getAddress, hexlify, toUtf8Bytes } from 'ethers'
import { SiweMessage } from 'siwe'
import { createSiweClient, isSiweClientError, type Me } from '../../../src/client.js'
import { chainName, explain, type Context } from './messages.js'
import { discoverWallets, type Wallet } from './wallets.js'

const apiUrl = document.querySelector<HTMLMetaElement>('meta[name="siwe-api"]')?.content ?? 'http://localhost:3000'
const client = createSiweClient({ baseUrl: apiUrl })

type View = 'loading' | 'signed-out' | 'busy' | 'signed-in'

function $ <T extends HTMLElement = HTMLElement> (id: string): T {
  return document.getElementById(id) as T
}

function show (view: View): void {
  for (const name of ['loading', 'signed-out', 'busy', 'signed-in'] as const) {
    $(`view-${name}`).hidden = name !== view
  }
}

function showError (err: unknown, context: Context): void {
  const { title, text } = explain(err, context)
  $('error-title').textContent = title
  $('error-text').textContent = text
  $('error').hidden = false
}

function clearError (): void {
  $('error').hidden = true
}

function busy (text: string): void {
  $('busy-text').textContent = text
  show('busy')
}

function renderWallets (wallets: Wallet[]): void {
  const list = $<HTMLUListElement>('wallets')
  list.replaceChildren(...wallets.map((wallet) => {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'button'
    let icon: HTMLElement
    if (wallet.info.icon === '') {
      icon = document.createElement('span')
      icon.className = 'wallet-icon'
      icon.textContent = wallet.info.name.slice(0, 1).toUpperCase()
    } else {
      const img = document.createElement('img')
      img.src = wallet.info.icon
      img.alt = ''
      icon = img
    }
    const label = document.createElement('span')
    label.textContent = `Sign in with ${wallet.info.name}`
    const chevron = document.createElement('span')
    chevron.className = 'chevron'
    chevron.textContent = '→'
    button.append(icon, label, chevron)
    button.addEventListener('click', () => { signIn(wallet).catch(console.error) })
    const item = document.createElement('li')
    item.append(button)
    return item
  }))
  $('no-wallet').hidden = wallets.length > 0
}

function renderAccount (me: Me): void {
  const address = me.address
  $('account-name').textContent = me.ens?.name ?? `${address.slice(0, 6)}…${address.slice(-4)}`
  $('account-address').textContent = address
  $('account-chain').textContent = chainName(me.chainId)
  $('account-issued').textContent = formatTime(me.issuedAt)
  $('account-expires').textContent = formatTime(me.expiresAt)
  const avatar = $('avatar')
  avatar.style.background = avatarFor(address)
  // An ENS avatar is shown when it is a plain image URL; ipfs: and NFT references would need a gateway.
  const picture = me.ens?.avatar ?? ''
  if (/^(https:|data:image\/)/.test(picture)) {
    const img = document.createElement('img')
    img.src = picture
    img.alt = ''
    img.addEventListener('error', () => img.remove())
    avatar.replaceChildren(img)
  } else {
    avatar.replaceChildren()
  }
  show('signed-in')
}

function formatTime (iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** A gradient drawn from the address's bytes, so each account is recognisable at a glance. */
function avatarFor (address: string): string {
  const hue = (offset: number): number => parseInt(address.slice(2 + offset, 6 + offset), 16) % 360
  return `conic-gradient(from ${hue(0)}deg, hsl(${hue(4)} 75% 60%), hsl(${hue(8)} 80% 55%), hsl(${hue(12)} 70% 65%), hsl(${hue(4)} 75% 60%))`
}

async function signIn (wallet: Wallet): Promise<void> {
  clearError()
  const context: Context = { apiUrl }
  try {
    busy(`Connecting to ${wallet.info.name}…`)
    const accounts = await wallet.provider.request({ method: 'eth_requestAccounts' }) as string[]
    if (!Array.isArray(accounts) || typeof accounts[0] !== 'string') throw new Error('The wallet shared no account.')
    // EIP-4361 requires the EIP-55 spelling; wallets often report addresses in lower case.
    const address = getAddress(accounts[0])
    context.chainId = Number(await wallet.provider.request({ method: 'eth_chainId' }))

    busy('Preparing the sign-in request…')
    const nonce = await client.getNonce()
    const message = new SiweMessage({
      domain: location.host,
      address,
      statement: 'Sign in to the example app. This request will not trigger a transaction or cost any fees.',
      uri: location.origin,
      version: '1',
      chainId: context.chainId,
      nonce,
      issuedAt: new Date().toISOString()
    }).prepareMessage()

    busy('Check your wallet and sign the message…')
    const signature = await wallet.provider.request({ method: 'personal_sign', params: [hexlify(toUtf8Bytes(message)), address] }) as string

    busy('Verifying your signature…')
    await client.signIn({ message, signature })
    renderAccount(await client.me())
  } catch (err) {
    showError(err, context)
    show('signed-out')
  }
}

async function signOut (): Promise<void> {
  clearError()
  busy('Signing out…')
  try {
    await client.signOut()
  } catch (err) {
    showError(err, { apiUrl })
    show('signed-in')
    return
  }
  show('signed-out')
}

async function start (): Promise<void> {
  $('api-url').textContent = apiUrl
  $('sign-out').addEventListener('click', () => { signOut().catch(console.error) })
  discoverWallets(renderWallets)
  try {
    renderAccount(await client.me())
  } catch (err) {
    // Not signed in is the normal start; anything else is worth saying.
    if (!isSiweClientError(err, 'unauthorized')) showError(err, { apiUrl })
    show('signed-out')
  }
}

start().catch(console.error)
