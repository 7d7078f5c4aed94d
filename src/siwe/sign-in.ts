import { Expired, InvalidSignature, NonceMismatch } from '../errors.js'
import type { NonceStore } from '../stores/nonce-store.js'
import type { SessionStore, SignedInAccount } from '../stores/session-store.js'
import { checkMessage, type MessagePolicy, type MessageTimes } from './check-message.js'
import { parseSiweMessage } from './parse-message.js'
import { isSignedBy } from './recover-signer.js'
import type { SiweFields } from './siwe-fields.js'

/** The body of `POST /verify`. */
export interface SignInRequest {
  message: string
  signature: string
}

/** What a sign-in is held to: the message's policy, and how long a session may last. */
export interface SignInPolicy extends MessagePolicy {
  sessionTtlMs: number
}

/**
 * Checks a signature that is not the address's EOA signature (EIP-1271, EIP-6492): false when it
 * does not verify or the chain has no RPC, `rpc_unavailable` when the chain cannot be asked.
 */
export type ContractSignatureCheck = (input: { chainId: number, address: string, message: string, signature: string }) => Promise<boolean>

/** What a sign-in uses, built once from the configuration. */
export interface SignInContext {
  policy: SignInPolicy
  nonces: NonceStore
  sessions: SessionStore
  /** Unset: EOAs only. */
  checkContract?: ContractSignatureCheck
}

/** The session a sign-in made: its account, and its end (ms since the epoch) for the cookie. */
export interface SignedIn {
  account: SignedInAccount
  expiresAt: number
}

/**
 * One sign-in, as data: the message presented by the session `previousId` (null: the request has
 * no session, so no nonce) signs in a new session, `sessionId`, which replaces it.
 *
 * The checks, and the order their failures are reported in: the exact text parses as EIP-4361; its
 * nonce is the session's live nonce; its fields meet the policy at `now`; the message's address
 * signed exactly that text (as an EOA, with no network; then, given `checkContract`, as a contract
 * account on the message's chain). The nonce a message presents is consumed whatever the outcome,
 * when it is the session's (for a text that does not parse, the nonce its Nonce line names): a
 * message naming another nonce leaves the session's live.
 *
 * Once the text and its fields pass, the nonce is consumed, the new session written and the
 * session it replaces read in one round trip to the stores, and the signature is checked after: so a
 * contract account's nonce is spent before the chain is asked, and with Redis a sign-in costs one
 * round trip where checking first would cost two. Writing before the signature is checked gives
 * nothing away: the new session ID is only ever sent in the reply to a sign-in that succeeds, and
 * a failed one deletes it again.
 */
export async function signIn (
  request: SignInRequest,
  previousId: string | null,
  sessionId: string,
  context: SignInContext,
  now: number
): Promise<SignedIn> {
  const { policy, nonces, sessions } = context
  let fields: SiweFields
  try {
    fields = parseSiweMessage(request.message)
  } catch (err) {
    await spendNamedNonce(request.message, previousId, nonces)
    throw err
  }
  if (previousId === null) throw new NonceMismatch()

  let times: MessageTimes
  try {
    times = checkMessage(fields, policy, now)
  } catch (err) {
    // The nonce presented is spent all the same; a nonce that is not the session's is the first failure.
    if (!await nonces.consume(previousId, fields.nonce)) throw new NonceMismatch()
    throw err
  }
  const expiresAt = Math.min(now + policy.sessionTtlMs, times.expirationTime ?? Infinity)
  const account: SignedInAccount = {
    address: fields.address,
    chainId: fields.chainId,
    // As the message has it (RFC 3339, its offset and digits kept), not re-serialised.
    issuedAt: fields.issuedAt,
    expiresAt: new Date(expiresAt).toISOString()
  }
  try {
    const [consumed, , replaced] = await Promise.all([
      nonces.consume(previousId, fields.nonce),
      sessions.set(sessionId, account, expiresAt),
      sessions.get(previousId)
    ])
    if (!consumed) throw new NonceMismatch()
    if (!isSignedBy(request.message, request.signature, fields.address) &&
        !(context.checkContract !== undefined && await context.checkContract({ chainId: fields.chainId, address: fields.address, ...request }))) {
      throw new InvalidSignature()
    }
    // A contract account's check takes a while: the message may have expired meanwhile.
    if (expiresAt <= Date.now()) throw new Expired()
    // A session that was signed in already ends: its ID was the cookie before this sign-in.
    if (replaced !== null) await sessions.delete(previousId)
  } catch (err) {
    // The new session goes again, also when the round trip itself failed (with Redis, the deletion
    // follows the write on the one connection). Not waited for: its ID was never sent, so it is
    // unreachable even should the deletion fail, and the failure to report is the sign-in's.
    sessions.delete(sessionId).catch(() => {})
    throw err
  }
  return { account, expiresAt }
}

// A Nonce line as EIP-4361 writes it, wherever it is in the text.
const NONCE_LINE = /^Nonce: ([A-Za-z0-9]+)\r?$/m

/**
 * For an attempt that is no sign-in (a body that fails its schema, a text that does not parse): the
 * nonce its text names on a Nonce line is spent when it is the session's, since the attempt
 * presented it (contract, property 1). A text naming none, or another, leaves the session's live.
 */
export async function spendNamedNonce (text: unknown, sessionId: string | null, nonces: NonceStore): Promise<void> {
  if (sessionId === null || typeof text !== 'string') return
  const named = NONCE_LINE.exec(text)
  if (named !== null) await nonces.consume(sessionId, named[1] as string)
}
