import { createPublicClient, http, webSocket, type PublicClient, type Transport } from 'viem'
import { RpcUnavailable } from '../errors.js'
import { toRpcUnavailable } from './rpc-errors.js'

/** How long one JSON-RPC request may take before it counts as unavailable. */
export const DEFAULT_RPC_TIMEOUT_MS = 5000

export interface ChainClientOptions {
  /** Per request, in milliseconds (default 5000). */
  timeoutMs?: number
}

/** The JSON-RPC endpoint of one chain. */
export interface ChainClient {
  readonly chainId: number
  /** The viem client; it answers for `chainId` only after `checkChain()` resolved. */
  readonly client: PublicClient
  /**
   * Resolves once the endpoint said it serves `chainId` (asked once, then remembered), so a
   * misconfigured URL cannot validate signatures on another chain. Throws `RpcUnavailable`.
   */
  checkChain: () => Promise<void>
  /** Closes the connection (WebSocket) and its timers; requests after it fail. */
  close: () => Promise<void>
}

/** One client per chain in `RPC_URLS`. */
export interface ChainClients {
  get: (chainId: number) => ChainClient | undefined
  close: () => Promise<void>
}

export function createChainClient (chainId: number, url: string, options: ChainClientOptions = {}): ChainClient {
  const timeout = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS
  const isSocket = url.startsWith('ws')
  // No retries: the timeout then bounds the whole request, and a failure reaches the caller
  // (503 rpc_unavailable) instead of piling up behind an endpoint that is down.
  const transport: Transport = isSocket
    ? webSocket(url, { timeout, retryCount: 0, reconnect: false, keepAlive: false })
    : http(url, { timeout, retryCount: 0 })
  const client = createPublicClient({ transport })
  let confirmed: Promise<void> | undefined
  let used = false

  return {
    chainId,
    get client () {
      used = true
      return client
    },
    checkChain () {
      used = true
      confirmed ??= client.getChainId().then((actual) => {
        if (actual !== chainId) {
          throw new RpcUnavailable({ cause: new Error(`the endpoint for chain ${chainId} serves chain ${actual}`) })
        }
      }, (err: unknown) => { throw toRpcUnavailable(err) })
      // Ask again next time after a failure: the endpoint may be back, or fixed.
      confirmed.catch(() => { confirmed = undefined })
      return confirmed
    },
    async close () {
      // Opening a socket only to close it would stall shutdown when the endpoint is gone.
      if (!isSocket || !used) return
      const socket = await client.transport.getRpcClient().catch(() => null)
      socket?.close()
    }
  }
}

export function createChainClients (urls: Map<number, string>, options: ChainClientOptions = {}): ChainClients {
  const clients = new Map([...urls].map(([chainId, url]) => [chainId, createChainClient(chainId, url, options)]))
  return {
    get: (chainId) => clients.get(chainId),
    async close () {
      await Promise.all([...clients.values()].map((c) => c.close()))
    }
  }
}
