/** Nonces, one per session, single-use and short-lived. */
export interface NonceStore {
  /** Stores `nonce` as the session's only live nonce (replacing an older one) for `ttlMs`. */
  issue (sessionId: string, nonce: string, ttlMs: number): Promise<void>
  /**
   * Removes the session's live nonce if it is `nonce`, in one step: true when it was. Of concurrent
   * callers presenting it, one gets true. Another nonce (an older one, a made-up one) is refused and
   * leaves the live one as it is: only its own session, which was given it, could present it.
   */
  consume (sessionId: string, nonce: string): Promise<boolean>
  /** Removes the session's live nonce, if any. */
  delete (sessionId: string): Promise<void>
}
