import { randomBytes } from 'node:crypto'

/** A fresh nonce: 128 random bits as 32 hex characters (alphanumeric, as EIP-4361 requires). */
export function generateNonce (): string {
  return randomBytes(16).toString('hex')
}
