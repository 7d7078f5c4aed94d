/** What a virtual user's EIP-4361 message says, as the quickstart's frontend would build it. */
export interface SiweMessageInput {
  domain: string
  address: string
  statement: string
  uri: string
  chainId: number
  nonce: string
  issuedAt: string
  expirationTime: string
}

/** The EIP-4361 (version 1) text of a message with a statement and an expiration time. */
export function formatSiweMessage (input: SiweMessageInput): string {
  return [
    `${input.domain} wants you to sign in with your Ethereum account:`,
    input.address,
    '',
    input.statement,
    '',
    `URI: ${input.uri}`,
    'Version: 1',
    `Chain ID: ${input.chainId}`,
    `Nonce: ${input.nonce}`,
    `Issued At: ${input.issuedAt}`,
    `Expiration Time: ${input.expirationTime}`
  ].join('\n')
}
