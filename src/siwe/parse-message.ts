import { SiweMessage } from 'siwe'
import { InvalidMessage } from '../errors.js'
import type { SiweFields } from './siwe-fields.js'

/**
 * Parses the exact text of an EIP-4361 message (version 1) with the `siwe` library's ABNF grammar.
 * Throws `invalid_message` for any text the grammar rejects.
 */
export function parseSiweMessage (text: string): SiweFields {
  let parsed: SiweMessage
  try {
    parsed = new SiweMessage(text)
  } catch {
    throw new InvalidMessage()
  }
  const fields: SiweFields = {
    domain: parsed.domain,
    address: parsed.address,
    uri: parsed.uri,
    version: '1',
    chainId: parsed.chainId,
    nonce: parsed.nonce,
    issuedAt: parsed.issuedAt as string
  }
  if (parsed.scheme !== undefined) fields.scheme = parsed.scheme
  if (parsed.statement !== undefined) fields.statement = parsed.statement
  if (parsed.expirationTime !== undefined) fields.expirationTime = parsed.expirationTime
  if (parsed.notBefore !== undefined) fields.notBefore = parsed.notBefore
  if (parsed.requestId !== undefined) fields.requestId = parsed.requestId
  if (parsed.resources !== undefined) fields.resources = parsed.resources
  return fields
}
