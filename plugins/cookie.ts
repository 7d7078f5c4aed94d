import cookie from '@fastify/cookie'
import fp from 'fastify-plugin'

// Cookie parsing and setting; the session cookie is signed with SESSION_SECRET by plugins/session.ts.
export default fp(async (fastify) => {
  await fastify.register(cookie)
}, { name: 'cookie' })
