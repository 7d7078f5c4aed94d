// Builds EIP-4361 texts for tests: one valid message, and that message with one line changed.

export const ADDRESS = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'

export interface MessageParts {
  header?: string
  address?: string
  /** The lines between the address and `URI:` (default: a blank, a statement, a blank). */
  statementBlock?: string[]
  uri?: string
  version?: string
  chainId?: string
  nonce?: string
  issuedAt?: string
  /** Lines after `Issued At:`. */
  tail?: string[]
}

export function messageText (parts: MessageParts = {}): string {
  return [
    parts.header ?? 'example.com wants you to sign in with your Ethereum account:',
    parts.address ?? ADDRESS,
    ...(parts.statementBlock ?? ['', 'I accept the Terms of Service: https://example.com/tos', '']),
    `URI: ${parts.uri ?? 'https://example.com/login'}`,
    `Version: ${parts.version ?? '1'}`,
    `Chain ID: ${parts.chainId ?? '1'}`,
    `Nonce: ${parts.nonce ?? 'abcdef1234'}`,
    `Issued At: ${parts.issuedAt ?? '2026-11-28T10:00:00.000Z'}`,
    ...(parts.tail ?? [])
  ].join('\n')
}

export const header = (prefix: string): string => `${prefix} wants you to sign in with your Ethereum account:`
