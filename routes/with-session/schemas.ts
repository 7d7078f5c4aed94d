import { Type } from 'typebox'
import { ADDRESS_PATTERN } from '../../src/stores/session-store.js'

export const Address = Type.String({ pattern: ADDRESS_PATTERN, description: 'EIP-55 checksummed address' })

export const VerifyBody = Type.Object({
  message: Type.String({ minLength: 1, maxLength: 8192, description: 'The exact EIP-4361 message text that was signed' }),
  signature: Type.String({ pattern: '^0x([0-9a-fA-F]{2})+$', maxLength: 8192, description: 'Hex signature (65-byte EIP-191, or a contract wallet signature)' })
}, { additionalProperties: false })

/** For the documentation: the replies that set the session cookie say so. */
export const setsSessionCookie = (what: string): { headers: Record<string, { type: 'string', description: string }> } => ({
  headers: { 'set-cookie': { type: 'string', description: `The session cookie (HttpOnly, Path=/, SameSite as configured): ${what}` } }
})

export const VerifyReply = Type.Object({
  ok: Type.Literal(true),
  address: Address,
  chainId: Type.Integer()
}, { description: 'Signed in', ...setsSessionCookie('a new session ID, signed in until the session ends') })

export const MeReply = Type.Object({
  address: Address,
  chainId: Type.Integer(),
  issuedAt: Type.String({ format: 'date-time', description: "The message's Issued At, as the message has it" }),
  expiresAt: Type.String({ format: 'date-time', description: 'When the session ends' }),
  ens: Type.Optional(Type.Object({
    name: Type.String({ description: 'Primary ENS name, confirmed by forward resolution' }),
    avatar: Type.Union([Type.String(), Type.Null()], { description: 'The name\'s avatar text record' })
  }, { description: 'Present when the ENS chain has an RPC URL and the address has a primary name' }))
})

export const TextReply = { content: { 'text/plain': { schema: Type.String() } } }
