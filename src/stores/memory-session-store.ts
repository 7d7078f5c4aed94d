import { ExpiringMap } from './expiring-map.js'
import { SessionStore, type StoredSession } from './session-store.js'

/**
 * Sessions in this process's memory: for a single instance. Kept as JSON text, as Redis keeps
 * them, so a request can never change another request's copy.
 */
export class MemorySessionStore <S extends StoredSession = StoredSession> extends SessionStore<S> {
  readonly #sessions: ExpiringMap<string>

  constructor (fallbackTtlMs: number, sweepIntervalMs = 60_000) {
    super(fallbackTtlMs)
    this.#sessions = new ExpiringMap(sweepIntervalMs)
  }

  get size (): number {
    return this.#sessions.size
  }

  protected async read (sessionId: string): Promise<S | null> {
    const text = this.#sessions.get(sessionId)
    return text === undefined ? null : JSON.parse(text)
  }

  protected async write (sessionId: string, session: string, ttlMs: number): Promise<void> {
    this.#sessions.set(sessionId, session, ttlMs)
  }

  protected async remove (sessionId: string): Promise<void> {
    this.#sessions.delete(sessionId)
  }

  close (): void {
    this.#sessions.close()
  }
}
