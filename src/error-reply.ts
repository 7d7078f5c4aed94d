import { STATUS_CODES } from 'node:http'
import { contractCode, type ErrorReplyBody } from './errors.js'

// Fastify's own request errors, given the contract's codes. A body that is not JSON is a 415
// whether its Content-Type says another type or it says JSON and does not parse.
const FASTIFY_ERRORS: Record<string, [number, string]> = {
  FST_ERR_VALIDATION: [422, 'invalid_request'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [422, 'invalid_request'],
  FST_ERR_CTP_INVALID_JSON_BODY: [415, 'invalid_json'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large']
}

/** The contract's error body for any error a request ended with. */
export function errorReply (err: { code?: string, statusCode?: number, message: string }): ErrorReplyBody {
  const ours = contractCode(err)
  const known = err.code === undefined ? undefined : FASTIFY_ERRORS[err.code]
  let statusCode: number
  let code: string
  let message = err.message
  if (ours !== undefined) {
    [statusCode, code] = [err.statusCode as number, ours]
  } else if (known !== undefined) {
    [statusCode, code] = known
    if (code === 'invalid_request') message = `The request body is not valid: ${err.message}`
  } else if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    // Any other client error keeps its status, named after it (`bad_request`, `method_not_allowed` …).
    statusCode = err.statusCode
    code = statusText(statusCode).toLowerCase().replace(/[^a-z]+/g, '_')
  } else {
    // Never echo an internal error's text (a driver error, a stack) to the client.
    [statusCode, code, message] = [500, 'internal_error', 'Internal server error']
  }
  return { statusCode, code, error: statusText(statusCode), message }
}

/** The status's reason phrase; a 4xx that Node has no name for (a proxy's 499) is a client error. */
function statusText (statusCode: number): string {
  return STATUS_CODES[statusCode] ?? 'Client Error'
}
