import { ExpiringMap } from './expiring-map.js'
import type { NonceStore } from './nonce-store.js'

/** Nonces in this process's memory: for a single instance. */
export class MemoryNonceStore implements NonceStore {
  readonly #nonces: ExpiringMap<string>

  constructor (sweepIntervalMs = 60_000) {
    this.#nonces = new ExpiringMap(sweepIntervalMs)
  }

  get size (): number {
    return this.#nonces.size
  }

  async issue (sessionId: string, nonce: string, ttlMs: number): Promise<void> {
    this.#nonces.set(sessionId, nonce, ttlMs)
  }

  // JavaScript runs this synchronously, so get-and-delete is atomic.
  async consume (sessionId: string): Promise<string | null> {
    return this.#nonces.take(sessionId) ?? null
  }

  close (): void {
    this.#nonces.close()
  }
}
