import cookie from '@fastify/cookie'
import fp from 'fastify-plugin'

// Cookie parsing for @fastify/session, which signs its own cookie with SESSION_SECRET.
export default fp(async (fastify) => {
  await fastify.register(cookie)
}, { name: 'cookie' })
