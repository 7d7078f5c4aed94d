import createError from '@fastify/error'

// Every failure the service reports has one stable `code` (the contract's snake_case codes) and
// one HTTP status; the error handler turns these into `{ statusCode, code, error, message }`.

export const InvalidRequest = createError('invalid_request', 'The request body is not valid: %s', 422)
export const InvalidMessage = createError('invalid_message', 'The message is not a valid EIP-4361 message', 422)
export const NonceMismatch = createError('nonce_mismatch', 'The nonce is missing, expired or already used', 401)
export const InvalidSignature = createError('invalid_signature', 'The signature does not match the message and its address', 401)
export const DomainMismatch = createError('domain_mismatch', 'The message was written for another domain', 401)
export const UriMismatch = createError('uri_mismatch', 'The message URI is not under an allowed origin', 401)
export const ChainNotAllowed = createError('chain_not_allowed', 'The message names a chain this service does not accept', 401)
export const Expired = createError('expired', 'The message has expired', 401)
export const NotYetValid = createError('not_yet_valid', 'The message is not valid yet (Not Before is in the future)', 401)
export const IssuedInFuture = createError('issued_in_future', 'The message was issued in the future', 401)
export const Unauthorized = createError('unauthorized', 'You have to first sign_in', 401)
export const ForbiddenOrigin = createError('forbidden_origin', 'Requests from this origin are not allowed', 403)
export const NotFound = createError('not_found', 'Route %s not found', 404)
export const PayloadTooLarge = createError('payload_too_large', 'The request body is too large', 413)
export const UnsupportedMediaType = createError('unsupported_media_type', 'The request body must be JSON (Content-Type: application/json)', 415)
export const RateLimited = createError('rate_limited', 'Too many requests, retry in %s', 429)
export const StoreUnavailable = createError('store_unavailable', 'The session store is unavailable, try again shortly', 503)
export const RpcUnavailable = createError('rpc_unavailable', 'The chain RPC is unavailable, try again shortly', 503)
export const InternalError = createError('internal_error', 'Internal server error', 500)
