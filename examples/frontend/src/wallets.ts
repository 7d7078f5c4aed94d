/// <reference lib="dom" />

/** The one method of EIP-1193 this page needs. */
export interface Eip1193Provider {
  request: (args: { method: string, params?: readonly unknown[] }) => Promise<unknown>
}

/** What an EIP-6963 wallet says about itself. Wallet-supplied: shown as text, never as HTML. */
export interface WalletInfo {
  uuid: string
  name: string
  /** A data: URI, or empty when the wallet gave none. */
  icon: string
  rdns: string
}

export interface Wallet {
  info: WalletInfo
  provider: Eip1193Provider
}

interface AnnounceDetail {
  info?: Partial<WalletInfo>
  provider?: Eip1193Provider
}

interface LegacyFlags {
  isMetaMask?: boolean
  isCoinbaseWallet?: boolean
  isBraveWallet?: boolean
  isRabby?: boolean
}

declare global {
  interface Window {
    ethereum?: Eip1193Provider & LegacyFlags
  }
}

/**
 * Finds wallets: those announcing themselves through EIP-6963 (several extensions can coexist),
 * and the single injected `window.ethereum` when it is not one of them. Wallets may announce late,
 * so `onChange` is called with the whole list each time it grows. Returns a function that stops
 * listening.
 */
export function discoverWallets (onChange: (wallets: Wallet[]) => void): () => void {
  const announced = new Map<string, Wallet>()

  const list = (): Wallet[] => {
    const wallets = [...announced.values()]
    const injected = window.ethereum
    if (injected !== undefined && !wallets.some(w => w.provider === injected)) {
      wallets.push({ info: { uuid: 'injected', name: legacyName(injected), icon: '', rdns: '' }, provider: injected })
    }
    return wallets
  }

  const onAnnounce = (event: Event): void => {
    const detail = (event as CustomEvent<AnnounceDetail>).detail
    const info = detail?.info
    if (typeof detail?.provider?.request !== 'function' || typeof info?.uuid !== 'string' || announced.has(info.uuid)) return
    const icon = typeof info.icon === 'string' && info.icon.startsWith('data:image/') ? info.icon : ''
    announced.set(info.uuid, {
      info: { uuid: info.uuid, name: typeof info.name === 'string' && info.name !== '' ? info.name : 'Wallet', icon, rdns: String(info.rdns ?? '') },
      provider: detail.provider
    })
    onChange(list())
  }

  window.addEventListener('eip6963:announceProvider', onAnnounce)
  window.dispatchEvent(new Event('eip6963:requestProvider'))
  onChange(list())
  return () => window.removeEventListener('eip6963:announceProvider', onAnnounce)
}

function legacyName (provider: LegacyFlags): string {
  if (provider.isRabby === true) return 'Rabby'
  if (provider.isBraveWallet === true) return 'Brave Wallet'
  if (provider.isCoinbaseWallet === true) return 'Coinbase Wallet'
  if (provider.isMetaMask === true) return 'MetaMask'
  return 'Browser wallet'
}
