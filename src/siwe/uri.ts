// RFC 3986 syntax checks for the parts of an EIP-4361 message that are URIs (`URI:`, resources) or
// an authority (the domain). Written from the RFC's ABNF; the IP-literal rules are checked in code
// because a regular expression for every IPv6 form is unreadable.

const PCT = '%[0-9A-Fa-f]{2}'
const UNRESERVED_SUB_DELIMS = "A-Za-z0-9\\-._~!$&'()*+,;="
const PCHAR = `(?:[${UNRESERVED_SUB_DELIMS}:@]|${PCT})`
const QUERY_OR_FRAGMENT = `(?:[${UNRESERVED_SUB_DELIMS}:@/?]|${PCT})*`
const QUERY_AND_FRAGMENT = `(?:\\?${QUERY_OR_FRAGMENT})?(?:#${QUERY_OR_FRAGMENT})?`

const SCHEME_RE = /^[A-Za-z][A-Za-z0-9+.-]*$/
const USERINFO_RE = new RegExp(`^(?:[${UNRESERVED_SUB_DELIMS}:]|${PCT})*$`)
const REG_NAME_AND_PORT_RE = new RegExp(`^(?:[${UNRESERVED_SUB_DELIMS}]|${PCT})*(?::[0-9]*)?$`)
const PORT_RE = /^(?::[0-9]*)?$/
// After `scheme://authority`: path-abempty, then query and fragment.
const AFTER_AUTHORITY_RE = new RegExp(`^(?:/${PCHAR}*)*${QUERY_AND_FRAGMENT}$`)
// After `scheme:` without `//`: path-absolute, path-rootless or path-empty, then query and fragment.
const WITHOUT_AUTHORITY_RE = new RegExp(`^(?:/(?:${PCHAR}+(?:/${PCHAR}*)*)?|${PCHAR}+(?:/${PCHAR}*)*)?${QUERY_AND_FRAGMENT}$`)
const PCHARS_RE = new RegExp(`^${PCHAR}*$`)

const H16_RE = /^[0-9A-Fa-f]{1,4}$/
const DEC_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])'
const IPV4_RE = new RegExp(`^${DEC_OCTET}(?:\\.${DEC_OCTET}){3}$`)
const IPV_FUTURE_RE = new RegExp(`^[vV][0-9A-Fa-f]+\\.[${UNRESERVED_SUB_DELIMS}:]+$`)

/** RFC 3986 `URI` (absolute, with optional query and fragment). */
export function isUri (text: string): boolean {
  const colon = text.indexOf(':')
  if (colon < 1 || !SCHEME_RE.test(text.slice(0, colon))) return false
  if (!text.startsWith('//', colon + 1)) return WITHOUT_AUTHORITY_RE.test(text.slice(colon + 1))
  const start = colon + 3
  const length = text.slice(start).search(/[/?#]/)
  const end = length === -1 ? text.length : start + length
  return isAuthority(text.slice(start, end)) && AFTER_AUTHORITY_RE.test(text.slice(end))
}

/** RFC 3986 `authority`: `[ userinfo "@" ] host [ ":" port ]` (it may be empty). */
export function isAuthority (text: string): boolean {
  const at = text.indexOf('@')
  if (at !== -1 && !USERINFO_RE.test(text.slice(0, at))) return false
  const hostAndPort = text.slice(at + 1)
  if (!hostAndPort.startsWith('[')) return REG_NAME_AND_PORT_RE.test(hostAndPort)
  const close = hostAndPort.indexOf(']')
  return close !== -1 && isIpLiteralBody(hostAndPort.slice(1, close)) && PORT_RE.test(hostAndPort.slice(close + 1))
}

/** RFC 3986 `*pchar` (an EIP-4361 Request ID). */
export function isPchars (text: string): boolean {
  return PCHARS_RE.test(text)
}

function isIpLiteralBody (text: string): boolean {
  return IPV_FUTURE_RE.test(text) || isIpv6(text)
}

/**
 * RFC 3986 `IPv6address`: eight 16-bit groups, the last two of which may be a dotted IPv4 address,
 * or fewer (at most seven) around a single `::`.
 */
function isIpv6 (text: string): boolean {
  const gap = text.indexOf('::')
  if (gap === -1) return countGroups(text, true) === 8
  if (text.includes('::', gap + 1)) return false
  const before = countGroups(text.slice(0, gap), false)
  const after = countGroups(text.slice(gap + 2), true)
  return before !== -1 && after !== -1 && before + after <= 7
}

/** How many 16-bit groups `a:b:…` stands for (a final IPv4 address counts two), or -1. */
function countGroups (text: string, ipv4Last: boolean): number {
  if (text === '') return 0
  const groups = text.split(':')
  let count = 0
  for (let i = 0; i < groups.length; i++) {
    if (H16_RE.test(groups[i])) count += 1
    else if (ipv4Last && i === groups.length - 1 && IPV4_RE.test(groups[i])) count += 2
    else return -1
  }
  return count
}
