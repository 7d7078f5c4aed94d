/** The fields of an EIP-4361 message, as parsed from its text. */
export interface SiweFields {
  /** URI scheme before the domain, when the message has one (`https://example.com wants you …`). */
  scheme?: string
  domain: string
  /** EIP-55 checksummed: the grammar rejects any other spelling. */
  address: string
  statement?: string
  uri: string
  version: '1'
  chainId: number
  nonce: string
  issuedAt: string
  expirationTime?: string
  notBefore?: string
  requestId?: string
  resources?: string[]
}
