import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorReplies } from '../../src/errors.js'

const logout: FastifyPluginAsyncTypebox = async (fastify) => {
  // Logging out reads no body, so none keeps a session signed in: a `fetch` that says JSON and sends
  // nothing, or `navigator.sendBeacon`'s text, logs out as an empty POST does. The body is still
  // read and held to the 16 KiB limit (in this route's plugin only).
  fastify.removeAllContentTypeParsers()
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => { done(null, undefined) })

  fastify.post('/logout', {
    schema: {
      summary: 'End the session (204 also without one)',
      security: [{ session: [] }],
      response: {
        204: Type.Null({ description: 'The session is gone from the store and its cookie cleared' }),
        ...errorReplies({ 403: ['forbidden_origin'], 413: ['payload_too_large'], 503: ['store_unavailable'] })
      }
    }
  }, async (request, reply) => {
    const { sessionId } = request
    // Gone from the store, so a replayed cookie opens nothing; a nonce it was waiting with goes too.
    if (sessionId !== null) await Promise.all([fastify.sessions.delete(sessionId), fastify.nonces.consume(sessionId)])
    return reply.clearSessionCookie().code(204).send(null)
  })
}

export default logout
