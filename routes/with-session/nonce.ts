import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { generateNonce } from '../../src/siwe/nonce.js'
import { errorReplies } from '../../src/errors.js'
import { TextReply } from './schemas.js'

const nonce: FastifyPluginAsyncTypebox = async (fastify) => {
  const ttlMs = fastify.config.nonceTtlSeconds * 1000
  fastify.get('/nonce', {
    // Limited per client IP by plugins/rate-limit.ts.
    config: { rateLimit: {} },
    schema: {
      summary: 'A fresh nonce for the session (created, with its cookie, if there is none)',
      response: { 200: TextReply, ...errorReplies({ 429: ['rate_limited'], 503: ['store_unavailable'] }) }
    }
  }, async (request, reply) => {
    const value = generateNonce()
    // Saving creates the session (and its cookie) the nonce is bound to, or gives a waiting one
    // the nonce's full life again; a signed-in session keeps the end it was given. The two writes
    // are independent: with Redis they go out together rather than one round trip after the other.
    await Promise.all([
      request.account === null ? request.session.save() : undefined,
      fastify.nonces.issue(request.session.sessionId, value, ttlMs)
    ])
    return reply.type('text/plain').send(value)
  })
}

export default nonce
