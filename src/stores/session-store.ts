/** The account a session is signed in as: all a session holds. */
export interface SignedInAccount {
  /** EIP-55 address. */
  address: string
  chainId: number
  /** The message's Issued At, as the message has it (RFC 3339). */
  issuedAt: string
  /** When the session ends: the earlier of the message's Expiration Time and SESSION_TTL_SECONDS. */
  expiresAt: string
}

/**
 * Signed-in sessions by session ID. A session lives in the store exactly as long as it is signed
 * in: `set` gives it its end, so whatever `get` returns is live. A session that is only waiting for
 * its nonce has no entry here (its nonce, in the nonce store, is all it has).
 */
export interface SessionStore {
  get (sessionId: string): Promise<SignedInAccount | null>
  /** Keeps `account` as the session's until `expiresAt` (ms since the epoch), which is in the future. */
  set (sessionId: string, account: SignedInAccount, expiresAt: number): Promise<void>
  delete (sessionId: string): Promise<void>
}
