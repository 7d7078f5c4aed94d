/// <reference lib="dom" />
import { isSiweClientError } from '../../../src/client.js'

export interface Explained {
  title: string
  text: string
}

export interface Context {
  /** The chain the wallet was on when the message was made. */
  chainId?: number
  apiUrl: string
}

const chainNames: Record<number, string> = {
  1: 'Ethereum',
  10: 'OP Mainnet',
  56: 'BNB Smart Chain',
  100: 'Gnosis',
  137: 'Polygon',
  324: 'zkSync Era',
  8453: 'Base',
  17000: 'Holesky',
  42161: 'Arbitrum One',
  43114: 'Avalanche C-Chain',
  59144: 'Linea',
  84532: 'Base Sepolia',
  11155111: 'Sepolia'
}

/** `Polygon (chain 137)`, or `chain 31337` for chains without a well-known name. */
export function chainName (chainId: number): string {
  const name = chainNames[chainId]
  return name === undefined ? `chain ${chainId}` : `${name} (chain ${chainId})`
}

/** Puts a failure from the wallet or the service into words for the person at the screen. */
export function explain (err: unknown, context: Context): Explained {
  const walletCode = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined
  // EIP-1193 provider errors carry numeric codes; the service's are strings (see the client).
  if (typeof walletCode === 'number') return explainWallet(walletCode, err)

  if (!isSiweClientError(err)) {
    return { title: 'Something went wrong', text: err instanceof Error ? err.message : String(err) }
  }
  switch (err.code) {
    case 'chain_not_allowed':
      return {
        title: 'Wrong network',
        text: `Your wallet is on ${context.chainId === undefined ? 'a network' : chainName(context.chainId)}, which this service does not accept. Switch to another network in your wallet and try again.`
      }
    case 'expired':
      return { title: 'The sign-in request expired', text: 'It took too long to sign the message. Please try again.' }
    case 'not_yet_valid':
    case 'issued_in_future':
      return { title: 'Your clock seems to be off', text: 'The message is dated in the future. Check your computer\'s date and time, then try again.' }
    case 'nonce_mismatch':
      // Also what a browser that refused the session cookie looks like: the nonce's session never came back.
      return {
        title: 'This sign-in request is no longer valid',
        text: 'It was already used or timed out (perhaps in another tab), or this browser did not keep the service\'s cookie (is the page on the same site as the service?). Please try again.'
      }
    case 'invalid_signature':
      return { title: 'The signature did not match', text: 'The wallet signed for a different address than it reported. Please try again or use another account.' }
    case 'domain_mismatch':
    case 'uri_mismatch':
    case 'forbidden_origin':
      return { title: 'This page is not allowed to sign in here', text: `The sign-in service at ${context.apiUrl} does not accept sign-ins from ${location.origin}.` }
    case 'rate_limited':
      return { title: 'Too many attempts', text: `Please wait ${err.retryAfter === undefined ? 'a minute' : `${err.retryAfter} seconds`} and try again.` }
    case 'store_unavailable':
      return { title: 'The sign-in service is unavailable', text: 'It cannot reach its session store right now. Please try again in a moment.' }
    case 'rpc_unavailable':
      return { title: 'Could not check your smart account', text: 'The service could not reach the blockchain to verify a contract wallet\'s signature. Please try again in a moment.' }
    case 'network_error':
      return {
        title: 'Cannot reach the sign-in service',
        text: `${context.apiUrl} did not answer this page. It may be down, or it does not allow pages from ${location.origin}.`
      }
    case 'unauthorized':
      return { title: 'You are not signed in', text: 'Your session has ended. Please sign in again.' }
    case 'invalid_message':
    case 'invalid_request':
    case 'invalid_json':
      return { title: 'The sign-in message was rejected', text: 'The service could not read the message this page made. Please report this to the site\'s owner.' }
    default:
      return { title: 'Sign-in failed', text: `${err.message} (${err.code}${err.statusCode === 0 ? '' : `, HTTP ${err.statusCode}`})` }
  }
}

function explainWallet (code: number, err: unknown): Explained {
  switch (code) {
    case 4001:
      return { title: 'Signature refused', text: 'You declined the request in your wallet, so you are not signed in.' }
    case 4100:
      return { title: 'The wallet is locked', text: 'Unlock your wallet and allow this page to see your account, then try again.' }
    case -32002:
      return { title: 'Your wallet is waiting', text: 'A request is already open in your wallet. Open the wallet to finish or cancel it.' }
    case 4900:
    case 4901:
      return { title: 'The wallet is disconnected', text: 'Your wallet is not connected to a network. Reconnect it and try again.' }
    default: {
      const message = (err as { message?: unknown }).message
      return { title: 'The wallet reported an error', text: typeof message === 'string' ? message : `Error ${code}` }
    }
  }
}
