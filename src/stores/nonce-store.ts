/** Nonces, one per session, single-use and short-lived. */
export interface NonceStore {
  /** Stores `nonce` as the session's only live nonce (replacing an older one) for `ttlMs`. */
  issue (sessionId: string, nonce: string, ttlMs: number): Promise<void>
  /** Removes and returns the session's live nonce, or null; of concurrent callers, at most one gets it. */
  consume (sessionId: string): Promise<string | null>
}
