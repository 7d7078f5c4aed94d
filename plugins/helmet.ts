import fp from 'fastify-plugin'
import { SECURITY_HEADERS } from '../src/security-headers.js'

// The security headers (src/security-headers.ts) on every reply. plugins/cors.ts depends on this
// plugin, so this hook runs before its preflights and refusals, and they carry the headers too.
export default fp(async (fastify) => {
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS)
    done()
  })
}, { name: 'helmet' })
