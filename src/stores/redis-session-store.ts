import type { Redis } from 'ioredis'
import type { SessionStore, SignedInAccount } from './session-store.js'
import { storeCall } from './store-call.js'

// Not `sess:`, where this service kept @fastify/session's whole sessions (a cookie, and an account
// only once signed in) before it had a session layer of its own: those are never read as accounts.
const key = (sessionId: string): string => `session:${sessionId}`

/** Sessions in Redis, shared by every instance; each key expires with its session. */
export class RedisSessionStore implements SessionStore {
  readonly #redis: Redis
  readonly #timeoutMs: number

  /** `timeoutMs`: how long a command may take before it is `store_unavailable`. */
  constructor (redis: Redis, timeoutMs: number) {
    this.#redis = redis
    this.#timeoutMs = timeoutMs
  }

  async get (sessionId: string): Promise<SignedInAccount | null> {
    const text = await storeCall(this.#redis.get(key(sessionId)), this.#timeoutMs)
    if (text === null) return null
    try {
      return JSON.parse(text)
    } catch { // a value some other writer left under our prefix: no account, not a 500
      return null
    }
  }

  // PXAT: the key ends exactly when the session does, however long the command took to arrive.
  async set (sessionId: string, account: SignedInAccount, expiresAt: number): Promise<void> {
    await storeCall(this.#redis.set(key(sessionId), JSON.stringify(account), 'PXAT', expiresAt), this.#timeoutMs)
  }

  async delete (sessionId: string): Promise<void> {
    await storeCall(this.#redis.del(key(sessionId)), this.#timeoutMs)
  }
}
