import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorCodes } from 'fastify'
import { Type } from 'typebox'
import { errorReplies } from '../../src/errors.js'
import { setsSessionCookie } from './schemas.js'

// The bodies an HTML form sends, with no script and so no CORS.
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'])

const logout: FastifyPluginAsyncTypebox = async (fastify) => {
  // Logging out reads no body, so none keeps a session signed in: a `fetch` that says JSON and sends
  // nothing, or `navigator.sendBeacon`'s text, logs out as an empty POST does. The body is still
  // read and held to the 16 KiB limit (in this route's plugin only). A form's body with no Origin
  // stays a 415: browsers send Origin on a cross-site form POST (refused by plugins/cors.ts), but
  // one that does not would otherwise let any page log its users out.
  fastify.removeAllContentTypeParsers()
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, _body, done) => {
    const type = (String(request.headers['content-type']).split(';', 1)[0] as string).trim().toLowerCase()
    done(request.headers.origin === undefined && FORM_TYPES.has(type) ? new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(type) : null, undefined)
  })

  fastify.post('/logout', {
    schema: {
      summary: 'End the session (204 also without one)',
      security: [{ session: [] }],
      response: {
        204: Type.Null({ description: 'The session is gone from the store and its cookie cleared', ...setsSessionCookie('expired, so that the browser drops it') }),
        ...errorReplies({ 403: ['forbidden_origin'], 413: ['payload_too_large'], 415: ['unsupported_media_type'], 503: ['store_unavailable'] })
      }
    }
  }, async (request, reply) => {
    const { sessionId } = request
    // Gone from the store, so a replayed cookie opens nothing; a nonce it was waiting with goes too.
    if (sessionId !== null) await Promise.all([fastify.sessions.delete(sessionId), fastify.nonces.delete(sessionId)])
    return reply.clearSessionCookie().code(204).send(null)
  })
}

export default logout
