/** A session as @fastify/session hands it to a store: its cookie (with the expiry) and its data. */
export interface StoredSession {
  cookie: { expires?: Date | string | null }
}

type Callback = (err?: unknown) => void
type GetCallback<S> = (err: unknown, session?: S | null) => void

/**
 * The @fastify/session store contract (callbacks) over promise-returning `read`, `write` and
 * `remove`. Every session is kept exactly as long as its cookie lives.
 */
export abstract class SessionStore<S extends StoredSession = StoredSession> {
  readonly #fallbackTtlMs: number

  /** `fallbackTtlMs` applies to a session whose cookie has no expiry (none of ours). */
  constructor (fallbackTtlMs: number) {
    this.#fallbackTtlMs = fallbackTtlMs
  }

  protected abstract read (sessionId: string): Promise<S | null>
  protected abstract write (sessionId: string, session: string, ttlMs: number): Promise<void>
  protected abstract remove (sessionId: string): Promise<void>

  get (sessionId: string, callback: GetCallback<S>): void {
    this.read(sessionId).then(session => callback(null, session), callback)
  }

  set (sessionId: string, session: S, callback: Callback): void {
    const expires = session.cookie.expires
    const ttlMs = expires == null ? this.#fallbackTtlMs : new Date(expires).getTime() - Date.now()
    const done = ttlMs > 0 ? this.write(sessionId, JSON.stringify(session), ttlMs) : this.remove(sessionId)
    done.then(() => callback(), callback)
  }

  destroy (sessionId: string, callback: Callback): void {
    this.remove(sessionId).then(() => callback(), callback)
  }
}
