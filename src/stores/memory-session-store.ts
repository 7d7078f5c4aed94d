import { ownCopy } from '../own-copy.js'
import { ExpiringMap } from './expiring-map.js'
import type { SessionStore, SignedInAccount } from './session-store.js'

/**
 * Sessions in this process's memory: for a single instance. Each is kept as a frozen copy, so no
 * request can change what another one reads.
 */
export class MemorySessionStore implements SessionStore {
  readonly #sessions: ExpiringMap<Readonly<SignedInAccount>>

  constructor (sweepIntervalMs = 60_000) {
    this.#sessions = new ExpiringMap(sweepIntervalMs)
  }

  get size (): number {
    return this.#sessions.size
  }

  async get (sessionId: string): Promise<SignedInAccount | null> {
    return this.#sessions.get(sessionId) ?? null
  }

  async set (sessionId: string, account: SignedInAccount, expiresAt: number): Promise<void> {
    // The address and Issued At are slices of the signed message, itself of the request body: kept
    // as they are, each session would keep its sign-in's whole body alive.
    const copy = { ...account, address: ownCopy(account.address), issuedAt: ownCopy(account.issuedAt) }
    this.#sessions.set(sessionId, Object.freeze(copy), expiresAt - Date.now())
  }

  async delete (sessionId: string): Promise<void> {
    this.#sessions.delete(sessionId)
  }

  close (): void {
    this.#sessions.close()
  }
}
