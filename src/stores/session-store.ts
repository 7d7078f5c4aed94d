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

/** What an account's address looks like: for the stores' reads and the routes' schemas. */
export const ADDRESS_PATTERN = '^0x[0-9a-fA-F]{40}$'
const ADDRESS = new RegExp(ADDRESS_PATTERN)

/** Whether `value` has the fields of a SignedInAccount, each of its type. */
export function isSignedInAccount (value: unknown): value is SignedInAccount {
  if (typeof value !== 'object' || value === null) return false
  const { address, chainId, issuedAt, expiresAt } = value as Record<string, unknown>
  return typeof address === 'string' && ADDRESS.test(address) && Number.isSafeInteger(chainId) &&
    typeof issuedAt === 'string' && typeof expiresAt === 'string'
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
