import { verifyMessage } from 'ethers'

/**
 * The EIP-55 address whose EIP-191 (`personal_sign`) signature `signature` is over the exact
 * `text`, or null when the signature is not a well-formed 65-byte ECDSA signature.
 */
export function recoverSigner (text: string, signature: string): string | null {
  try {
    return verifyMessage(text, signature)
  } catch {
    return null
  }
}
