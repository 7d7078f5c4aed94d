import proxyAddr from '@fastify/proxy-addr'
import type { Config } from './config.js'

/** Whether the address `hop` steps from the service (0: the connection's peer) is a trusted proxy. */
export type ProxyTrust = (address: string, hop: number) => boolean

/**
 * TRUST_PROXY as one function, for Fastify's client IPs and for the request IDs a gateway passes
 * on (src/request-id.ts); null when nothing is trusted. Addresses, ranges and names are compiled as
 * Fastify would compile them. A hop count `n` trusts the `n` addresses nearest the service, because
 * Fastify 5.12 takes a number to mean "trust nothing": it cannot tell a gateway from a client that
 * connects directly. Neither can this; the README says so.
 */
export function proxyTrust (value: Config['trustProxy']): ProxyTrust | null {
  if (value === undefined || value === false || value === 0) return null
  if (value === true) return () => true
  if (typeof value === 'number') return (_address, hop) => hop < value
  return proxyAddr.compile(value.split(',').map(entry => entry.trim()))
}
