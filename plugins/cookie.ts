import cookie from '@fastify/cookie'
import fp from 'fastify-plugin'

// Cookie parsing and setting; the session cookie is signed with SESSION_SECRET by plugins/session.ts.
export default fp(async (fastify) => {
  const { production, cookieSecure } = fastify.config
  if (production && !cookieSecure) {
    fastify.log.warn('COOKIE_SECURE=false in production: browsers send the session cookie over plain HTTP too')
  }
  await fastify.register(cookie)
}, { name: 'cookie' })
