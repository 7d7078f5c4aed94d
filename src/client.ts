// A small typed client for the service's browser-facing endpoints. It only uses `fetch`, `URL`
// and JSON, so it runs unchanged in browsers, workers and Node.

/** The `code` values the service answers with (see the contract's endpoint table). */
export type ServiceErrorCode =
  | 'invalid_request'
  | 'invalid_message'
  | 'nonce_mismatch'
  | 'invalid_signature'
  | 'domain_mismatch'
  | 'uri_mismatch'
  | 'chain_not_allowed'
  | 'expired'
  | 'not_yet_valid'
  | 'issued_in_future'
  | 'unauthorized'
  | 'forbidden_origin'
  | 'not_found'
  | 'bad_request'
  | 'request_timeout'
  | 'expectation_failed'
  | 'request_header_fields_too_large'
  | 'payload_too_large'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'store_unavailable'
  | 'rpc_unavailable'
  | 'shutting_down'
  | 'internal_error'

/**
 * Codes the client itself reports: `network_error` when no response could be read at all (the
 * service is down, or the browser withheld the response because CORS does not allow this page's
 * origin), `unexpected_response` when a response does not have the contract's shape.
 */
export type ClientErrorCode = 'network_error' | 'unexpected_response'

/**
 * Every code a `SiweClientError` can carry. A code the service adds later still comes through
 * as its string, which is why the union stays open.
 */
export type SiweErrorCode = ServiceErrorCode | ClientErrorCode | (string & {})

/** A failed call: the service's `code` and status, or a client-side code with `statusCode` 0. */
export class SiweClientError extends Error {
  override name = 'SiweClientError'
  readonly code: SiweErrorCode
  /** The HTTP status, or 0 when no response could be read. */
  readonly statusCode: number
  /** Seconds the service asked to wait (`Retry-After` on `429`), when it said. */
  readonly retryAfter: number | undefined

  constructor (code: SiweErrorCode, statusCode: number, message: string, options: { cause?: unknown, retryAfter?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.statusCode = statusCode
    this.retryAfter = options.retryAfter
  }
}

/** True when `err` is a `SiweClientError`, with the given code if one is named. */
export function isSiweClientError (err: unknown, code?: SiweErrorCode): err is SiweClientError {
  return err instanceof SiweClientError && (code === undefined || err.code === code)
}

export interface SignInRequest {
  /** The exact EIP-4361 text that was signed. */
  message: string
  /** The `personal_sign` signature, `0x`-prefixed hex. */
  signature: string
}

export interface SignInResult {
  ok: true
  /** EIP-55 checksummed. */
  address: string
  chainId: number
}

export interface Me {
  /** EIP-55 checksummed. */
  address: string
  chainId: number
  /** The signed message's Issued At (ISO-8601). */
  issuedAt: string
  /** When the session ends (ISO-8601). */
  expiresAt: string
  /** The address's primary ENS name (confirmed by forward resolution), where the service resolved one. */
  ens?: EnsProfile
}

export interface EnsProfile {
  name: string
  /** The name's `avatar` text record as set (an https: URL, ipfs:, an NFT reference …), or null. */
  avatar: string | null
}

export interface SiweClientOptions {
  /** Where the service is, e.g. `http://localhost:3000` (a path prefix is kept). */
  baseUrl: string | URL
  /** A `fetch` to use instead of the global one (tests, or a fetch that adds headers). */
  fetch?: typeof fetch
}

export interface SiweClient {
  /** A fresh nonce for the next message; also starts the session that the nonce is bound to. */
  getNonce (): Promise<string>
  /** Presents a signed message; on success the session cookie now holds a signed-in session. */
  signIn (request: SignInRequest): Promise<SignInResult>
  /** The signed-in account; fails with `unauthorized` when there is none. */
  me (): Promise<Me>
  /** Ends the session (succeeds also when there was none). */
  signOut (): Promise<void>
}

// Used when an error response carries no `code` (a proxy's page, a plugin's own reply).
const codeByStatus: Record<number, ServiceErrorCode> = {
  401: 'unauthorized',
  403: 'forbidden_origin',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited'
}

export function createSiweClient (options: SiweClientOptions): SiweClient {
  // Browsers throw "Illegal invocation" when `window.fetch` is called with another `this`.
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const base = String(options.baseUrl).replace(/\/+$/, '')

  async function call (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const init: RequestInit = { method, credentials: 'include', headers: { accept: 'application/json' } }
    if (body !== undefined) {
      init.headers = { accept: 'application/json', 'content-type': 'application/json' }
      init.body = JSON.stringify(body)
    }
    let res: Response
    try {
      res = await doFetch(`${base}${path}`, init)
    } catch (err) {
      // A CORS refusal and a refused connection look the same to a page: a TypeError, no response.
      throw new SiweClientError('network_error', 0, `Could not reach the sign-in service at ${base}`, { cause: err })
    }
    if (!res.ok) throw await errorFrom(res)
    return res
  }

  return {
    async getNonce () {
      const res = await call('GET', '/nonce')
      const nonce = (await res.text()).trim()
      if (!/^[A-Za-z0-9]{8,}$/.test(nonce)) throw unexpected(res.status, 'The nonce is not alphanumeric')
      return nonce
    },

    async signIn (request) {
      const res = await call('POST', '/verify', { message: request.message, signature: request.signature })
      const body = await jsonOf(res)
      if (!isRecord(body) || body.ok !== true || typeof body.address !== 'string' || typeof body.chainId !== 'number') {
        throw unexpected(res.status, 'The sign-in answer does not have the expected fields')
      }
      return { ok: true, address: body.address, chainId: body.chainId }
    },

    async me () {
      const res = await call('GET', '/me')
      const body = await jsonOf(res)
      if (!isRecord(body) || typeof body.address !== 'string' || typeof body.chainId !== 'number' ||
        typeof body.issuedAt !== 'string' || typeof body.expiresAt !== 'string') {
        throw unexpected(res.status, 'The account answer does not have the expected fields')
      }
      const me: Me = { address: body.address, chainId: body.chainId, issuedAt: body.issuedAt, expiresAt: body.expiresAt }
      if (isRecord(body.ens) && typeof body.ens.name === 'string') {
        me.ens = { name: body.ens.name, avatar: typeof body.ens.avatar === 'string' ? body.ens.avatar : null }
      }
      return me
    },

    async signOut () {
      // No body and no Content-Type: a simple request, so no preflight is needed to sign out.
      const res = await call('POST', '/logout')
      await res.arrayBuffer()
    }
  }
}

async function errorFrom (res: Response): Promise<SiweClientError> {
  let body: unknown
  try {
    body = await res.json()
  } catch {}
  const retryAfter = Number(res.headers.get('retry-after') ?? NaN)
  const options = Number.isFinite(retryAfter) ? { retryAfter } : {}
  if (isRecord(body) && typeof body.code === 'string') {
    const message = typeof body.message === 'string' ? body.message : body.code
    return new SiweClientError(body.code, res.status, message, options)
  }
  const code = codeByStatus[res.status] ?? 'unexpected_response'
  return new SiweClientError(code, res.status, `The sign-in service answered ${res.status}`, options)
}

async function jsonOf (res: Response): Promise<unknown> {
  try {
    return await res.json()
  } catch (err) {
    throw unexpected(res.status, 'The answer is not JSON', err)
  }
}

function unexpected (status: number, message: string, cause?: unknown): SiweClientError {
  return new SiweClientError('unexpected_response', status, message, { cause })
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
