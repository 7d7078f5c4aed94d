import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

// What a gateway's request ID may look like (UUIDs, Traefik's and nginx's hex IDs, Envoy's):
// short, and nothing that could break a log line or pass for another field.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * Request IDs for the logs. Behind a trusted gateway (TRUST_PROXY set) its `X-Request-Id` is kept,
 * so one ID follows a request through the gateway's logs and ours; otherwise a client could choose
 * the ID its requests are logged under, so every request gets a fresh UUID.
 */
export function requestIdGenerator (trustGateway: boolean): (req: IncomingMessage) => string {
  return (req) => {
    const header = req.headers['x-request-id']
    return trustGateway && typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID()
  }
}
