import createError from '@fastify/error'
import { Type, type Static } from 'typebox'

// Every failure the service raises has one stable `code` (the contract's snake_case codes) and
// one HTTP status; the error handler turns these into `{ statusCode, code, error, message }`.
// The registry is keyed by the errors' own constructors: another library's error that happens to
// carry a code of the same name (@fastify/error upper-cases codes) is not taken for one of ours.
// Refusals Fastify raises itself (an invalid body, 413, 415) get their codes in src/error-reply.ts.
const contractCodes = new Map<unknown, string>()

function define (code: string, message: string, statusCode: number): ReturnType<typeof createError> {
  const error = createError(code, message, statusCode)
  contractCodes.set(error, code)
  return error
}

/** The contract's code of an error this service raised, or undefined for any other error. */
export function contractCode (err: object): string | undefined {
  return contractCodes.get(err.constructor)
}

export const InvalidMessage = define('invalid_message', 'The message is not a valid EIP-4361 message', 422)
export const NonceMismatch = define('nonce_mismatch', 'The nonce is missing, expired or already used', 401)
export const InvalidSignature = define('invalid_signature', 'The signature does not match the message and its address', 401)
export const DomainMismatch = define('domain_mismatch', 'The message was written for another domain', 401)
export const UriMismatch = define('uri_mismatch', 'The message URI is not under an allowed origin', 401)
export const ChainNotAllowed = define('chain_not_allowed', 'The message names a chain this service does not accept', 401)
export const Expired = define('expired', 'The message has expired', 401)
export const NotYetValid = define('not_yet_valid', 'The message is not valid yet (Not Before is in the future)', 401)
export const IssuedInFuture = define('issued_in_future', 'The message was issued in the future', 401)
export const Unauthorized = define('unauthorized', 'You have to first sign_in', 401)
export const ForbiddenOrigin = define('forbidden_origin', 'Requests from this origin are not allowed', 403)
export const NotFound = define('not_found', 'Route %s not found', 404)
export const MissingHost = define('bad_request', 'An HTTP/1.1 request must have a Host header', 400)
export const ExpectationFailed = define('expectation_failed', 'Expect: %s is not an expectation this service meets', 417)
export const RateLimited = define('rate_limited', 'Too many requests, retry in %s', 429)
export const StoreUnavailable = define('store_unavailable', 'The session store is unavailable, try again shortly', 503)
export const ShuttingDown = define('shutting_down', 'The service is shutting down', 503)
export const RpcUnavailable = define('rpc_unavailable', 'The chain RPC is unavailable, try again shortly', 503)

/** The body of every error reply, as the error handler writes it. */
export const ErrorReply = Type.Object({
  statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
  code: Type.String({ description: 'Stable, machine-readable reason' }),
  error: Type.String({ description: 'The HTTP status text' }),
  message: Type.String({ description: 'For people; may change' })
})
export type ErrorReplyBody = Static<typeof ErrorReply>

/**
 * A route's error replies for its OpenAPI description: each status with the codes it can carry, so
 * the document lists them next to the success reply. `errorReplies({ 401: ['unauthorized'] })`.
 */
export function errorReplies (codes: Record<number, string[]>): Record<number, typeof ErrorReply> {
  return Object.fromEntries(Object.entries(codes).map(([status, list]) => [status, {
    ...ErrorReply,
    description: `Error: ${list.map(c => `\`${c}\``).join(', ')}`
  }]))
}
