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

  // JavaScript runs this synchronously, so compare-and-delete is atomic.
  async consume (sessionId: string, nonce: string): Promise<boolean> {
    if (this.#nonces.get(sessionId) !== nonce) return false
    this.#nonces.delete(sessionId)
    return true
  }

  async delete (sessionId: string): Promise<void> {
    this.#nonces.delete(sessionId)
  }

  close (): void {
    this.#nonces.close()
  }
}
