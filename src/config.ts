import { randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import envSchema from 'env-schema'
import { Type, type Static } from 'typebox'
import { parseRpcUrls } from './chain/rpc-urls.js'

/** How long one JSON-RPC request may take before it counts as unavailable, unless RPC_TIMEOUT_MS says. */
export const DEFAULT_RPC_TIMEOUT_MS = 3000

// The environment as the contract names it. env-schema validates and coerces it (with the
// variable's name in every message); the rules that span variables follow in `loadConfig`.
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  NODE_ENV: Type.String({ default: 'development' }),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  REDIS_KEY_PREFIX: Type.String({ default: 'siwe:' }),
  ALLOWED_ORIGINS: Type.String({ default: 'http://localhost:8080' }),
  SIWE_DOMAINS: Type.Optional(Type.String()),
  SIWE_CHAIN_IDS: Type.Optional(Type.String({ pattern: '^\\s*[1-9][0-9]*\\s*(,\\s*[1-9][0-9]*\\s*)*$' })),
  NONCE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86400, default: 300 }),
  SESSION_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 31536000, default: 86400 }),
  RPC_URLS: Type.Optional(Type.String()),
  RPC_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: DEFAULT_RPC_TIMEOUT_MS }),
  ENS_CHAIN_ID: Type.Integer({ minimum: 1, default: 1 }),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 0, default: 60 }),
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1 })),
  COOKIE_SECURE: Type.Optional(Type.Boolean()),
  COOKIE_SAMESITE: Type.Enum(['strict', 'lax', 'none'], { default: 'lax' }),
  // RFC 6265 cookie-name token characters.
  SESSION_COOKIE_NAME: Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", default: 'siwe-session' }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' })
})
type Env = Static<typeof EnvSchema>

// Whole numbers are written in decimal digits: ajv's coercion alone would also take ` ` for 0 (a
// random port; no rate limit) and `0x50` or `1e3` for 80 or 1000.
const WHOLE_NUMBER_VARIABLES = Object.entries(EnvSchema.properties)
  .filter(([, schema]) => (schema as { type?: string }).type === 'integer').map(([name]) => name)

/** The validated configuration every part of the service is built from. */
export interface Config {
  port: number
  host: string
  production: boolean
  sessionSecret: string
  /** True when no SESSION_SECRET was given and a random one was made for this process. */
  sessionSecretGenerated: boolean
  /** Unset: sessions, nonces and counters live in this process's memory. */
  redisUrl?: string
  /** Prefix of every Redis key, so several services (or test runs) can share one Redis. */
  redisKeyPrefix: string
  /** Exact browser origins (`scheme://host[:port]`) allowed to call with credentials. */
  allowedOrigins: string[]
  /** Accepted EIP-4361 `domain` values, lower-case `host[:port]`. */
  siweDomains: string[]
  /** Chain IDs a message may name; unset means any. */
  siweChainIds?: number[]
  nonceTtlSeconds: number
  sessionTtlSeconds: number
  /** JSON-RPC endpoints by chain ID, for contract-account signatures and ENS; empty: EOAs only. */
  rpcUrls: Map<number, string>
  /** How long one JSON-RPC request may take before it counts as `rpc_unavailable`. */
  rpcTimeoutMs: number
  /** The chain whose ENS names `/me` shows, when it has an RPC URL. */
  ensChainId: number
  rateLimitMax: number
  trustProxy?: boolean | number | string
  cookieSecure: boolean
  cookieSameSite: 'strict' | 'lax' | 'none'
  sessionCookieName: string
  logLevel: string
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Reads the contract's variables from `source` (an environment), or throws a ConfigError naming the bad one. */
export function loadConfig (source: Record<string, string | undefined>): Config {
  // An empty variable (`REDIS_URL=` in a compose file) means unset, as it does for most tools.
  const data = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''))
  for (const name of WHOLE_NUMBER_VARIABLES) {
    const value = data[name]
    if (value !== undefined && !/^[0-9]+$/.test(value)) throw new ConfigError(`${name}: "${value}" is not a whole number in decimal digits`)
  }
  let env: Env
  try {
    env = envSchema<Env>({ schema: structuredClone(EnvSchema), data, env: false })
  } catch (err) {
    throw new ConfigError(`Invalid configuration: ${(err as Error).message}`)
  }

  const production = env.NODE_ENV === 'production'
  // Any other value is development (a random secret, no Secure cookie): a misspelt `production`
  // would turn the production rules off without a word.
  if (!production && env.NODE_ENV.trim().toLowerCase() === 'production') {
    throw new ConfigError(`NODE_ENV: "${env.NODE_ENV}" is not "production" (lower case, no spaces), and anything else runs the development rules`)
  }
  if (production && env.SESSION_SECRET === undefined) {
    throw new ConfigError('SESSION_SECRET is required when NODE_ENV=production (at least 32 characters)')
  }
  const cookieSecure = env.COOKIE_SECURE ?? production
  if (env.COOKIE_SAMESITE === 'none' && !cookieSecure) {
    throw new ConfigError('COOKIE_SAMESITE=none needs COOKIE_SECURE=true: browsers reject SameSite=None cookies without Secure')
  }
  if (/^__(secure|host)-/i.test(env.SESSION_COOKIE_NAME) && !cookieSecure) {
    throw new ConfigError(`SESSION_COOKIE_NAME=${env.SESSION_COOKIE_NAME} needs COOKIE_SECURE=true: browsers reject __Secure- and __Host- cookies without Secure`)
  }
  const allowedOrigins = list(env.ALLOWED_ORIGINS).map(parseOrigin)
  if (allowedOrigins.length === 0) throw new ConfigError('ALLOWED_ORIGINS must name at least one origin')
  const siweDomains = env.SIWE_DOMAINS === undefined
    ? [...new Set(allowedOrigins.map(o => new URL(o).host))]
    : list(env.SIWE_DOMAINS).map(parseDomain)
  if (siweDomains.length === 0) throw new ConfigError('SIWE_DOMAINS must name at least one domain')

  const config: Config = {
    port: env.PORT,
    host: env.HOST,
    production,
    sessionSecret: env.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    sessionSecretGenerated: env.SESSION_SECRET === undefined,
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    allowedOrigins,
    siweDomains,
    nonceTtlSeconds: env.NONCE_TTL_SECONDS,
    sessionTtlSeconds: env.SESSION_TTL_SECONDS,
    rpcUrls: readRpcUrls(env.RPC_URLS),
    rpcTimeoutMs: env.RPC_TIMEOUT_MS,
    ensChainId: env.ENS_CHAIN_ID,
    rateLimitMax: env.RATE_LIMIT_MAX,
    cookieSecure,
    cookieSameSite: env.COOKIE_SAMESITE,
    sessionCookieName: env.SESSION_COOKIE_NAME,
    logLevel: env.LOG_LEVEL
  }
  if (env.REDIS_URL !== undefined) config.redisUrl = parseRedisUrl(env.REDIS_URL)
  if (env.SIWE_CHAIN_IDS !== undefined) config.siweChainIds = list(env.SIWE_CHAIN_IDS).map(parseChainId)
  if (env.TRUST_PROXY !== undefined) config.trustProxy = parseTrustProxy(env.TRUST_PROXY)
  return config
}

function list (value: string): string[] {
  return value.split(',').map(s => s.trim()).filter(s => s !== '')
}

function parseOrigin (value: string): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {}
  // An origin is scheme, host and port only: a path, credentials or `null` would never match a browser's Origin header.
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.href !== `${url.origin}/`) {
    throw new ConfigError(`ALLOWED_ORIGINS: "${value}" is not an origin (expected scheme://host[:port], e.g. http://localhost:8080)`)
  }
  // A URL parser takes `*` as part of a host name, but no browser sends it: it would match nothing.
  if (url.hostname.includes('*')) {
    throw new ConfigError(`ALLOWED_ORIGINS: "${value}" has a wildcard; origins are matched exactly, so list each one`)
  }
  return url.origin
}

// EIP-4361's domain is an RFC 3986 authority without userinfo: a reg-name or IP literal, then an optional port.
const DOMAIN = /^(?:[a-z0-9\-._~%!$&'()*+,;=]+|\[[0-9a-f:.]+\])(?::([0-9]{1,5}))?$/i

function parseDomain (value: string): string {
  const match = DOMAIN.exec(value)
  // A port past 65535 is no page's: no browser could ever send a message for it.
  if (match === null || Number(match[1] ?? 0) > 65535) throw new ConfigError(`SIWE_DOMAINS: "${value}" is not a host[:port]`)
  return value.toLowerCase()
}

function parseRedisUrl (value: string): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {}
  if (url === undefined || url.hostname === '') {
    throw new ConfigError('REDIS_URL is not a redis:// or rediss:// URL with a host (redis://host:6379/0)')
  }
  // The database: the path's number, else ioredis' `?db=`. Anything else would reach Redis as `SELECT NaN`.
  const db = url.pathname.length > 1 ? url.pathname.slice(1) : url.searchParams.get('db')
  if (db !== null && !/^[0-9]{1,9}$/.test(db)) {
    throw new ConfigError(`REDIS_URL: the database "${db}" is not a number (redis://host:6379/0)`)
  }
  return value
}

function readRpcUrls (value: string | undefined): Map<number, string> {
  try {
    return parseRpcUrls(value ?? '')
  } catch (err) {
    throw new ConfigError((err as Error).message)
  }
}

// A message's chain ID is a JSON number on the wire: past 2^53 it could not be told from its neighbours.
function parseChainId (value: string): number {
  const id = Number(value)
  if (!Number.isSafeInteger(id)) throw new ConfigError(`SIWE_CHAIN_IDS: "${value}" is beyond the largest safe integer`)
  return id
}

// The names proxy-addr knows, besides addresses and ranges.
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function parseTrustProxy (value: string): boolean | number | string {
  if (value === 'true') return true
  if (value === 'false') return false
  if (/^\d+$/.test(value)) return Number(value)
  // Checked here so that a typo is a configuration error, not a TypeError from deep in Fastify's start
  // (which splits on commas as this does, empty entries included).
  for (const entry of value.split(',').map(s => s.trim())) {
    if (!PROXY_NAMES.has(entry) && !isAddressOrRange(entry)) {
      throw new ConfigError(`TRUST_PROXY: "${entry}" is not an IP address, a CIDR range or one of ${[...PROXY_NAMES].join(', ')} (expected true, a hop count, or a comma-separated list of those)`)
    }
  }
  return value
}

/** An IP address, `address/prefix`, or an IPv4 `address/netmask`; proxy-addr refuses a range of everything (`/0`). */
function isAddressOrRange (entry: string): boolean {
  const [address, range, ...rest] = entry.split('/')
  const version = isIP(address as string)
  if (version === 0 || rest.length > 0) return false
  if (range === undefined) return true
  if (/^\d{1,3}$/.test(range)) return Number(range) >= 1 && Number(range) <= (version === 4 ? 32 : 128)
  return version === 4 && isIPv4Netmask(range)
}

/** A dotted netmask: ones, then zeros, at least one one. */
function isIPv4Netmask (mask: string): boolean {
  if (isIP(mask) !== 4) return false
  const bits = mask.split('.').map(n => Number(n).toString(2).padStart(8, '0')).join('')
  return /^1+0*$/.test(bits)
}
