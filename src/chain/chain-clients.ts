import { BaseError, RpcRequestError, createPublicClient, http, webSocket, type PublicClient, type Transport } from 'viem'
import { socketClientCache } from 'viem/utils'
import { DEFAULT_RPC_TIMEOUT_MS } from '../config.js'
import { RpcUnavailable } from '../errors.js'
import { toRpcUnavailable } from './rpc-errors.js'

export interface ChainClientOptions {
  /** Per request, in milliseconds (default DEFAULT_RPC_TIMEOUT_MS). */
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
  /** Closes the WebSocket, if one is open (HTTP keeps nothing open between requests). */
  close: () => Promise<void>
}

/** One client per chain in `RPC_URLS`. */
export interface ChainClients {
  get: (chainId: number) => ChainClient | undefined
  close: () => Promise<void>
}

/** Closes viem's cached socket to `url`, if any: the next request then connects afresh. */
function closeSockets (url: string): void {
  for (const socket of socketClientCache.values()) {
    if (socket.url === url) socket.close()
  }
}

/**
 * viem keeps a WebSocket that has closed, and every later request would fail on it: after a
 * failure that is not the endpoint's own JSON-RPC answer, drop the socket so that the next
 * request reconnects (on demand: no reconnect timers while the endpoint is down).
 */
function reconnectingWebSocket (url: string, timeout: number): Transport {
  const base = webSocket(url, { timeout, retryCount: 0, reconnect: false, keepAlive: false })
  return (params) => {
    const inner = base(params)
    const request = (async (args, options) => {
      try {
        return await inner.request(args, options)
      } catch (err) {
        if (!(err instanceof BaseError && err.walk((e) => e instanceof RpcRequestError) !== null)) closeSockets(url)
        throw err
      }
    }) as typeof inner.request
    return { ...inner, request }
  }
}

export function createChainClient (chainId: number, url: string, options: ChainClientOptions = {}): ChainClient {
  const timeout = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS
  const isSocket = url.startsWith('ws')
  // No retries: the timeout then bounds the whole request, and a failure reaches the caller
  // (503 rpc_unavailable) instead of piling up behind an endpoint that is down.
  const transport = isSocket ? reconnectingWebSocket(url, timeout) : http(url, { timeout, retryCount: 0 })
  const client = createPublicClient({ transport })
  let confirmed: Promise<void> | undefined

  return {
    chainId,
    client,
    checkChain () {
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
      if (isSocket) closeSockets(url)
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
