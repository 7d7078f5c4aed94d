import type { Redis } from 'ioredis'
import { isSignedInAccount, type SessionStore, type SignedInAccount } from './session-store.js'
import { batchThisTurn } from './batch-this-turn.js'
import { storeCall } from './store-call.js'

/** Sessions in Redis, shared by every instance; each key expires with its session. */
export class RedisSessionStore implements SessionStore {
  readonly #redis: Redis
  readonly #keyPrefix: string

  /** `keyPrefix`: REDIS_KEY_PREFIX, before every key, so that apps can share one Redis. */
  constructor (redis: Redis, keyPrefix: string) {
    this.#redis = redis
    // Not `sess:`, where this service kept @fastify/session's whole sessions (a cookie, and an
    // account only once signed in) before it had a session layer of its own: never read as accounts.
    this.#keyPrefix = `${keyPrefix}session:`
  }

  async get (sessionId: string): Promise<SignedInAccount | null> {
    const text = await storeCall(batchThisTurn(this.#redis).get(this.#keyPrefix + sessionId))
    if (text === null) return null
    // A value some other writer left under our prefix is no account (not a 500, and never a gateway's
    // 204 without an address): it reads as a session only in the shape this store writes.
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return null
    }
    return isSignedInAccount(value) ? value : null
  }

  // PXAT: the key ends exactly when the session does, however long the command took to arrive.
  async set (sessionId: string, account: SignedInAccount, expiresAt: number): Promise<void> {
    await storeCall(batchThisTurn(this.#redis).set(this.#keyPrefix + sessionId, JSON.stringify(account), 'PXAT', expiresAt))
  }

  async delete (sessionId: string): Promise<void> {
    await storeCall(batchThisTurn(this.#redis).del(this.#keyPrefix + sessionId))
  }
}
