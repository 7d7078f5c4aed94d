import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { generateNonce } from '../../src/siwe/nonce.js'
import { TextReply } from './schemas.js'

const nonce: FastifyPluginAsyncTypebox = async (fastify) => {
  const ttlMs = fastify.config.nonceTtlSeconds * 1000
  fastify.get('/nonce', { schema: { response: { 200: TextReply } } }, async (request, reply) => {
    const value = generateNonce()
    // Saving creates the session (and its cookie) the nonce is bound to, or gives a waiting one
    // the nonce's full life again; a signed-in session keeps the end it was given.
    if (request.account === null) await request.session.save()
    await fastify.nonces.issue(request.session.sessionId, value, ttlMs)
    return reply.type('text/plain').send(value)
  })
}

export default nonce
