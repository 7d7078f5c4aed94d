import type { Redis } from 'ioredis'
import type { NonceStore } from './nonce-store.js'
import { batchThisTurn } from './batch-this-turn.js'
import { storeCall } from './store-call.js'

/** Nonces in Redis, shared by every instance: each nonce its own key with a TTL. */
export class RedisNonceStore implements NonceStore {
  readonly #redis: Redis
  readonly #keyPrefix: string

  /** `keyPrefix`: REDIS_KEY_PREFIX, before every key, so that apps can share one Redis. */
  constructor (redis: Redis, keyPrefix: string) {
    this.#redis = redis
    this.#keyPrefix = `${keyPrefix}nonce:`
  }

  async issue (sessionId: string, nonce: string, ttlMs: number): Promise<void> {
    await storeCall(batchThisTurn(this.#redis).set(this.#keyPrefix + sessionId, nonce, 'PX', ttlMs))
  }

  // GETDEL is one atomic command: of concurrent consumers across all instances, one gets the nonce.
  async consume (sessionId: string): Promise<string | null> {
    return await storeCall(batchThisTurn(this.#redis).getdel(this.#keyPrefix + sessionId))
  }
}
