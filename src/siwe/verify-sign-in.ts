import { InvalidSignature } from '../errors.js'
import { checkMessage, type MessagePolicy } from './check-message.js'
import { parseSiweMessage } from './parse-message.js'
import { isSignedBy } from './recover-signer.js'

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
 * Checks a signature that is not the address's EOA signature (EIP-1271, EIP-6492): false when it
 * does not verify or the chain has no RPC, `rpc_unavailable` when the chain cannot be asked.
 */
export type ContractSignatureCheck = (input: { chainId: number, address: string, message: string, signature: string }) => Promise<boolean>

/**
 * One sign-in, as data: parse the exact text, check it against the policy and the session's
 * (already consumed) nonce, then check that the message's address signed exactly that text: as an
 * EOA first (no network), then, given `checkContract`, as a contract account on the message's chain.
 */
export async function verifySignIn (
  request: SignInRequest,
  policy: MessagePolicy,
  nonce: string | null,
  now: number,
  checkContract?: ContractSignatureCheck
): Promise<VerifiedSignIn> {
  const fields = parseSiweMessage(request.message)
  const times = checkMessage(fields, policy, nonce, now)
  if (!isSignedBy(request.message, request.signature, fields.address) &&
      !(checkContract !== undefined && await checkContract({ chainId: fields.chainId, address: fields.address, ...request }))) {
    throw new InvalidSignature()
  }
  return { address: fields.address, chainId: fields.chainId, ...times }
}
