import type { Redis, Result } from 'ioredis'
import type { NonceStore } from './nonce-store.js'
import { batchThisTurn } from './batch-this-turn.js'
import { storeCall } from './store-call.js'

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** 1 when the key held the nonce and is deleted, else 0 (defined by RedisNonceStore). */
    consumeNonce: (key: string, nonce: string) => Result<number, Context>
  }
}

const CONSUME_NONCE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

/** Nonces in Redis, shared by every instance: each nonce its own key with a TTL. */
export class RedisNonceStore implements NonceStore {
  readonly #redis: Redis
  readonly #keyPrefix: string

  /** `keyPrefix`: REDIS_KEY_PREFIX, before every key, so that apps can share one Redis. */
  constructor (redis: Redis, keyPrefix: string) {
    this.#redis = redis
    this.#keyPrefix = `${keyPrefix}nonce:`
    // Compare-and-delete. ioredis sends the script itself once per connection (EVAL), then its SHA1
    // (EVALSHA), and the script again should Redis have forgotten it (a restart).
    redis.defineCommand('consumeNonce', { numberOfKeys: 1, lua: CONSUME_NONCE })
  }

  async issue (sessionId: string, nonce: string, ttlMs: number): Promise<void> {
    await storeCall(batchThisTurn(this.#redis).set(this.#keyPrefix + sessionId, nonce, 'PX', ttlMs))
  }

  // A script runs atomically: of concurrent consumers across all instances, one deletes the nonce.
  async consume (sessionId: string, nonce: string): Promise<boolean> {
    return await storeCall(batchThisTurn(this.#redis).consumeNonce(this.#keyPrefix + sessionId, nonce)) === 1
  }

  async delete (sessionId: string): Promise<void> {
    await storeCall(batchThisTurn(this.#redis).del(this.#keyPrefix + sessionId))
  }
}
