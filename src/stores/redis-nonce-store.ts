import type { Redis } from 'ioredis'
import { storeCall } from './store-call.js'
import type { NonceStore } from './nonce-store.js'

const key = (sessionId: string): string => `nonce:${sessionId}`

/** Nonces in Redis, shared by every instance: each nonce its own key with a TTL. */
export class RedisNonceStore implements NonceStore {
  readonly #redis: Redis
  readonly #timeoutMs: number

  /** `timeoutMs`: how long a command may take before it is `store_unavailable`. */
  constructor (redis: Redis, timeoutMs: number) {
    this.#redis = redis
    this.#timeoutMs = timeoutMs
  }

  async issue (sessionId: string, nonce: string, ttlMs: number): Promise<void> {
    await storeCall(this.#redis.set(key(sessionId), nonce, 'PX', ttlMs), this.#timeoutMs)
  }

  // GETDEL is one atomic command: of concurrent consumers across all instances, one gets the nonce.
  async consume (sessionId: string): Promise<string | null> {
    return await storeCall(this.#redis.getdel(key(sessionId)), this.#timeoutMs)
  }
}
