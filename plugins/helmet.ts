import fp from 'fastify-plugin'
import { SECURITY_HEADERS } from '../src/security-headers.js'

// The security headers (src/security-headers.ts) on every reply; registered before the CORS
// plugin, so that its preflights and refusals carry them too.
export default fp(async (fastify) => {
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS)
    done()
  })
}, { name: 'helmet' })
