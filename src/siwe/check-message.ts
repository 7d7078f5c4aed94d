import {
  ChainNotAllowed, DomainMismatch, Expired, InvalidMessage, IssuedInFuture, NotYetValid, UriMismatch
} from '../errors.js'
import type { SiweFields } from './siwe-fields.js'

/** What a message must match; built once from the configuration, except the time. */
export interface MessagePolicy {
  /** The accepted lower-case `host[:port]` values, each with the schemes a message may name before it. */
  domains: ReadonlyMap<string, ReadonlySet<string>>
  /** Exact origins (`scheme://host[:port]`) that the message's URI must lie under. */
  origins: ReadonlySet<string>
  /** Unset: any chain. */
  chainIds?: ReadonlySet<number>
  /** How far in the future Issued At may be, for clocks that run ahead. */
  maxClockSkewMs: number
}

/** The message's times, as milliseconds since the epoch. */
export interface MessageTimes {
  issuedAt: number
  expirationTime?: number
}

/**
 * Checks a parsed message against the policy and the time `now`; its nonce is checked against the
 * session's by the sign-in (src/siwe/sign-in.ts). Throws the first failure as a coded error; returns
 * the message's times. Every expectation is checked here or there, never left to a library that
 * skips checks it is given no value for.
 */
export function checkMessage (fields: SiweFields, policy: MessagePolicy, now: number): MessageTimes {
  const schemes = policy.domains.get(fields.domain.toLowerCase())
  if (schemes === undefined || (fields.scheme !== undefined && !schemes.has(fields.scheme.toLowerCase()))) throw new DomainMismatch()
  if (!policy.origins.has(originOf(fields.uri))) throw new UriMismatch()
  if (policy.chainIds !== undefined && !policy.chainIds.has(fields.chainId)) throw new ChainNotAllowed()

  const issuedAt = parseTime(fields.issuedAt)
  if (issuedAt > now + policy.maxClockSkewMs) throw new IssuedInFuture()
  const times: MessageTimes = { issuedAt }
  if (fields.expirationTime !== undefined) {
    times.expirationTime = parseTime(fields.expirationTime)
    if (times.expirationTime <= now) throw new Expired()
  }
  if (fields.notBefore !== undefined && parseTime(fields.notBefore) > now) throw new NotYetValid()
  return times
}

/**
 * The accepted domains with the schemes a message may name before each (`https://app.example wants
 * you …`): those of the allowed origins on that domain, so that a message written for an
 * `http://` page is not taken for its `https://` site; https alone for a domain that no allowed
 * origin is on (one that SIWE_DOMAINS adds).
 */
export function schemesByDomain (domains: Iterable<string>, origins: Iterable<string>): Map<string, Set<string>> {
  const schemes = new Map<string, Set<string>>([...domains].map(domain => [domain, new Set<string>()]))
  for (const origin of origins) {
    const url = new URL(origin)
    schemes.get(url.host)?.add(url.protocol.slice(0, -1))
  }
  for (const set of schemes.values()) if (set.size === 0) set.add('https')
  return schemes
}

// `scheme://authority`, the authority up to the path, query or fragment.
const SCHEME_AUTHORITY_RE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/
// The allowed origins are http or https (src/config.ts), given without their default port: a host
// name with that port written out, or with an empty port (RFC 3986, 6.2.3), is the same origin.
const DEFAULT_PORT_RE: Readonly<Record<string, RegExp>> = { http: /^([^:]*):(?:80)?$/, https: /^([^:]*):(?:443)?$/ }
// An IP literal and a port, nothing else (no userinfo), the port without leading zeros: URL would
// read `:080` as the default port, which a host name's port is not (above).
const IP_LITERAL_AUTHORITY_RE = /^\[[^\]]*\](?::(?:[1-9][0-9]*)?)?$/

// The origin a URI names in its own `scheme://authority`, compared as RFC 3986 compares them (scheme
// and host in any case, a default port written out or not), or 'null' for a URI without an
// authority. Nothing else counts: as WHATWG URLs, `http:localhost:8080`,
// `blob:http://localhost:8080/x`, a URI with userinfo and a host percent-encoded or IDNA-mapped
// into `localhost` all have the origin `http://localhost:8080`, but none is a URI under it.
function originOf (uri: string): string {
  const match = SCHEME_AUTHORITY_RE.exec(uri)
  if (match === null) return 'null'
  const scheme = (match[1] as string).toLowerCase()
  const authority = (match[2] as string).toLowerCase()
  if (authority.startsWith('[')) {
    // An IPv6 address has many spellings: URL gives the one ALLOWED_ORIGINS were read into.
    return IP_LITERAL_AUTHORITY_RE.test(authority) ? urlOrigin(`${scheme}://${authority}`) : 'null'
  }
  return `${scheme}://${DEFAULT_PORT_RE[scheme]?.exec(authority)?.[1] ?? authority}`
}

function urlOrigin (text: string): string {
  try {
    return new URL(text).origin
  } catch {
    return 'null'
  }
}

// A time the grammar let through but no calendar has (a 30th of February, a 61st second) is an
// invalid message, never "no expiry".
function parseTime (text: string): number {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) throw new InvalidMessage()
  return ms
}
