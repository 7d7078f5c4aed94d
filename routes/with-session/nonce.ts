import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { newSessionId } from '../../plugins/session.js'
import { generateNonce } from '../../src/siwe/nonce.js'
import { errorReplies } from '../../src/errors.js'
import { setsSessionCookie, TextReply } from './schemas.js'

const nonce: FastifyPluginAsyncTypebox = async (fastify) => {
  const ttlMs = fastify.config.nonceTtlSeconds * 1000
  fastify.get('/nonce', {
    // Limited per client IP by plugins/rate-limit.ts.
    config: { rateLimit: {} },
    // Each GET makes a nonce and maybe a session: a HEAD would make them too, answer nothing, and
    // count against a rate limit of its own.
    exposeHeadRoute: false,
    schema: {
      summary: 'A fresh nonce for the session (created, with its cookie, if there is none)',
      response: {
        200: { description: 'The nonce', ...TextReply, ...setsSessionCookie('set for a session that is not signed in, to live as long as the nonce') },
        ...errorReplies({ 429: ['rate_limited'], 503: ['store_unavailable'] })
      }
    }
  }, async (request, reply) => {
    const value = generateNonce()
    // The nonce is bound to the cookie's session, or to a new one. Whether that session is signed
    // in is read meanwhile: with Redis both commands go out together rather than one after the other.
    const sessionId = request.sessionId ?? newSessionId()
    const [account] = await Promise.all([
      request.sessionId === null ? null : fastify.sessions.get(sessionId),
      fastify.nonces.issue(sessionId, value, ttlMs)
    ])
    // A waiting session lives as long as its newest nonce; a signed-in one keeps the end it was given.
    if (account === null) reply.setSessionCookie(sessionId, Date.now() + ttlMs)
    return reply.type('text/plain').send(value)
  })
}

export default nonce
