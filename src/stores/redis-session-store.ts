import type { Redis } from 'ioredis'
import type { SessionStore, SignedInAccount } from './session-store.js'
import { storeCall } from './store-call.js'

const key = (sessionId: string): string => `sess:${sessionId}`

/** Sessions in Redis, shared by every instance; each key expires with its session. */
export class RedisSessionStore implements SessionStore {
  readonly #redis: Redis

  constructor (redis: Redis) {
    this.#redis = redis
  }

  async get (sessionId: string): Promise<SignedInAccount | null> {
    const text = await storeCall(this.#redis.get(key(sessionId)))
    return text === null ? null : JSON.parse(text)
  }

  async set (sessionId: string, account: SignedInAccount, ttlMs: number): Promise<void> {
    await storeCall(this.#redis.set(key(sessionId), JSON.stringify(account), 'PX', ttlMs))
  }

  async delete (sessionId: string): Promise<void> {
    await storeCall(this.#redis.del(key(sessionId)))
  }
}
