import { InvalidSignature } from '../errors.js'
import { checkMessage, type MessagePolicy } from './check-message.js'
import { parseSiweMessage } from './parse-message.js'
import { recoverSigner } from './recover-signer.js'

/** The body of `POST /verify`. */
export interface SignInRequest {
  message: string
  signature: string
}

/** Who signed in, and until when the message allows it. */
export interface VerifiedSignIn {
  address: string
  chainId: number
  issuedAt: number
  expirationTime?: number
}

/**
 * One sign-in, as data: parse the exact text, check it against the policy and the session's
 * (already consumed) nonce, then check that the message's address signed exactly that text.
 */
export async function verifySignIn (
  request: SignInRequest,
  policy: MessagePolicy,
  nonce: string | null,
  now: number
): Promise<VerifiedSignIn> {
  const fields = parseSiweMessage(request.message)
  const times = checkMessage(fields, policy, nonce, now)
  if (recoverSigner(request.message, request.signature) !== fields.address) throw new InvalidSignature()
  return { address: fields.address, chainId: fields.chainId, ...times }
}
