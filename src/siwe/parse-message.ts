import { InvalidMessage } from '../errors.js'
import { isDateTime } from './date-time.js'
import { isChecksumAddress } from './eip55.js'
import type { SiweFields } from './siwe-fields.js'
import { isAuthority, isPchars, isUri } from './uri.js'

// A line-by-line reading of the EIP-4361 ABNF: each line of the message has one place in the
// grammar, so splitting on LF and checking every line against its rule in order accepts exactly
// the grammar's language, at a few microseconds instead of the ABNF engine's half millisecond.
// Where the `siwe` library's grammar is looser than EIP-4361 (IPv4 inside IPv6 literals, second
// 60, chain IDs past 2^53), this parser follows EIP-4361 and the RFCs it cites; see README.md.

const HEADER_END = ' wants you to sign in with your Ethereum account:'
const SCHEME_PREFIX_RE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//
// RFC 3986 reserved and unreserved characters and space: any printable ASCII but " % < > \ ^ ` { | }
const STATEMENT_RE = /^[\x20\x21\x23\x24\x26-\x3b\x3d\x3f\x40A-Z\x5b\x5d\x5fa-z\x7e]+$/
const CHAIN_ID_RE = /^Chain ID: ([0-9]+)$/
const NONCE_RE = /^Nonce: ([A-Za-z0-9]{8,})$/
const URI_TITLE = 'URI: '
const ISSUED_AT_TITLE = 'Issued At: '
const EXPIRATION_TIME_TITLE = 'Expiration Time: '
const NOT_BEFORE_TITLE = 'Not Before: '
const REQUEST_ID_TITLE = 'Request ID: '
const RESOURCE_BULLET = '- '

/**
 * Parses the exact text of an EIP-4361 message (version 1): LF line ends, no trailing newline,
 * EIP-55 address, RFC 3986 URIs, RFC 3339 times. Throws `invalid_message` for any other text.
 */
export function parseSiweMessage (text: string): SiweFields {
  const lines = text.split('\n')
  // header, address, blank, blank, URI, Version, Chain ID, Nonce, Issued At: the shortest message
  if (lines.length < 9) throw new InvalidMessage()

  const header = lines[0]
  if (!header.endsWith(HEADER_END)) throw new InvalidMessage()
  let domain = header.slice(0, header.length - HEADER_END.length)
  const schemeMatch = SCHEME_PREFIX_RE.exec(domain)
  if (schemeMatch !== null) domain = domain.slice(schemeMatch[0].length)
  if (domain === '' || !isAuthority(domain)) throw new InvalidMessage()

  const address = lines[1]
  if (!isChecksumAddress(address) || lines[2] !== '') throw new InvalidMessage()

  // The statement block: `\n<statement>\n\n`, an empty statement `\n\n\n`, or no statement `\n\n`.
  let statement: string | undefined
  let at = 5
  if (lines[3] !== '') {
    if (!STATEMENT_RE.test(lines[3]) || lines[4] !== '') throw new InvalidMessage()
    statement = lines[3]
  } else if (lines[4] === '') {
    statement = ''
  } else {
    at = 4
  }
  if (lines.length < at + 5) throw new InvalidMessage()

  const uri = valueAfter(lines[at], URI_TITLE)
  const chainId = Number(CHAIN_ID_RE.exec(lines[at + 2])?.[1])
  const nonce = NONCE_RE.exec(lines[at + 3])?.[1]
  const issuedAt = valueAfter(lines[at + 4], ISSUED_AT_TITLE)
  if (uri === undefined || !isUri(uri) ||
    lines[at + 1] !== 'Version: 1' ||
    !Number.isSafeInteger(chainId) || // also NaN when the line did not match
    nonce === undefined ||
    issuedAt === undefined || !isDateTime(issuedAt)) {
    throw new InvalidMessage()
  }

  const fields: SiweFields = { domain, address, uri, version: '1', chainId, nonce, issuedAt }
  if (schemeMatch !== null) fields.scheme = schemeMatch[1]
  if (statement !== undefined) fields.statement = statement

  // Optional lines, each at most once, in the grammar's order; resources run to the end.
  let next = at + 5
  const expirationTime = valueAfter(lines[next], EXPIRATION_TIME_TITLE)
  if (expirationTime !== undefined) {
    if (!isDateTime(expirationTime)) throw new InvalidMessage()
    fields.expirationTime = expirationTime
    next++
  }
  const notBefore = valueAfter(lines[next], NOT_BEFORE_TITLE)
  if (notBefore !== undefined) {
    if (!isDateTime(notBefore)) throw new InvalidMessage()
    fields.notBefore = notBefore
    next++
  }
  const requestId = valueAfter(lines[next], REQUEST_ID_TITLE)
  if (requestId !== undefined) {
    if (!isPchars(requestId)) throw new InvalidMessage()
    fields.requestId = requestId
    next++
  }
  if (lines[next] === 'Resources:') {
    const resources: string[] = []
    for (next++; next < lines.length; next++) {
      const resource = valueAfter(lines[next], RESOURCE_BULLET)
      if (resource === undefined || !isUri(resource)) throw new InvalidMessage()
      resources.push(resource)
    }
    fields.resources = resources
  }
  if (next !== lines.length) throw new InvalidMessage()
  return fields
}

/** The rest of `line` after `title`, or undefined when the line is absent or has another title. */
function valueAfter (line: string | undefined, title: string): string | undefined {
  return line?.startsWith(title) === true ? line.slice(title.length) : undefined
}
