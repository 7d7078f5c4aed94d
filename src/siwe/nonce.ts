import { randomText } from '../random-text.js'

/** A fresh nonce: 128 random bits as 32 hex characters (alphanumeric, as EIP-4361 requires). */
export function generateNonce (): string {
  return randomText(16, 'hex')
}
