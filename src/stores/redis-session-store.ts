import type { Redis } from 'ioredis'
import { SessionStore, type StoredSession } from './session-store.js'
import { storeCall } from './store-call.js'

const key = (sessionId: string): string => `sess:${sessionId}`

/** Sessions in Redis, shared by every instance; each key expires with its session. */
export class RedisSessionStore <S extends StoredSession = StoredSession> extends SessionStore<S> {
  readonly #redis: Redis

  constructor (redis: Redis, fallbackTtlMs: number) {
    super(fallbackTtlMs)
    this.#redis = redis
  }

  protected async read (sessionId: string): Promise<S | null> {
    const text = await storeCall(this.#redis.get(key(sessionId)))
    return text === null ? null : JSON.parse(text)
  }

  protected async write (sessionId: string, session: string, ttlMs: number): Promise<void> {
    await storeCall(this.#redis.set(key(sessionId), session, 'PX', ttlMs))
  }

  protected async remove (sessionId: string): Promise<void> {
    await storeCall(this.#redis.del(key(sessionId)))
  }
}
