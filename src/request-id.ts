import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { ProxyTrust } from './trust-proxy.js'

// What a gateway's request ID may look like (UUIDs, Traefik's and nginx's hex IDs, Envoy's):
// short, and nothing that could break a log line or pass for another field.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * Request IDs for the logs. A request that comes from a trusted gateway (the connection's peer is
 * a proxy TRUST_PROXY trusts) keeps its `X-Request-Id`, so one ID follows a request through the
 * gateway's logs and ours; any other could choose the ID its requests are logged under, so it gets
 * a fresh UUID.
 */
export function requestIdGenerator (trust: ProxyTrust | null): (req: IncomingMessage) => string {
  return (req) => {
    const header = req.headers['x-request-id']
    const fromGateway = trust !== null && trust(String(req.socket.remoteAddress), 0)
    return fromGateway && typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID()
  }
}
