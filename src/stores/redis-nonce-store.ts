import type { Redis } from 'ioredis'
import type { NonceStore } from './nonce-store.js'
import type { RedisStoreOptions } from './redis-store-options.js'
import { storeCall } from './store-call.js'

/** Nonces in Redis, shared by every instance: each nonce its own key with a TTL. */
export class RedisNonceStore implements NonceStore {
  readonly #redis: Redis
  readonly #keyPrefix: string
  readonly #timeoutMs: number

  constructor (redis: Redis, { keyPrefix, timeoutMs }: RedisStoreOptions) {
    this.#redis = redis
    this.#keyPrefix = `${keyPrefix}nonce:`
    this.#timeoutMs = timeoutMs
  }

  async issue (sessionId: string, nonce: string, ttlMs: number): Promise<void> {
    await storeCall(this.#redis.set(this.#keyPrefix + sessionId, nonce, 'PX', ttlMs), this.#timeoutMs)
  }

  // GETDEL is one atomic command: of concurrent consumers across all instances, one gets the nonce.
  async consume (sessionId: string): Promise<string | null> {
    return await storeCall(this.#redis.getdel(this.#keyPrefix + sessionId), this.#timeoutMs)
  }
}
