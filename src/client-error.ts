import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { errorReply } from './error-reply.js'
import { SECURITY_HEADERS } from './security-headers.js'

// Written once: the same on every such answer.
const HEADER_LINES = Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`).join('')

// The client errors Node's HTTP parser reports, by their codes; any other is a request that is not HTTP.
const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request headers are larger than the server accepts'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request did not arrive in time']
}

/**
 * Answers a request that Node's HTTP server refused before Fastify saw it (its `clientError`), with
 * the contract's error body and the security headers, as Fastify's own handler does with a body of
 * its own: then the connection ends. A connection already gone gets nothing.
 */
export function answerClientError (err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const [statusCode, message] = CLIENT_ERRORS[String(err.code)] ?? [400, 'The request is not valid HTTP']
  const body = JSON.stringify(errorReply({ statusCode, message }))
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode] as string}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${HEADER_LINES}Connection: close\r\n\r\n${body}`)
  }
  socket.destroy(err)
}
