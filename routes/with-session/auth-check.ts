import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorReplies } from '../../src/errors.js'

// Envoy's HTTP ext_authz asks with the original request's method (it can fix the path, not the
// method); Traefik and nginx ask with GET. HEAD is listed, not left to Fastify's HEAD route for GET,
// which gives the 204 a `Content-Length` (RFC 9110 forbids it there).
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']

// For gateways (Traefik ForwardAuth, nginx auth_request, Envoy ext_authz): 204 and the account in
// headers the gateway copies onto the upstream request, or 401. It only reads the session store,
// and never sets a cookie.
const authCheck: FastifyPluginAsyncTypebox = async (fastify) => {
  // The check reads no body: one a gateway passes on (up to the 16 KiB limit) is read and ignored,
  // whatever its type, so the upstream's content types never decide the check.
  fastify.removeAllContentTypeParsers()
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => { done(null, undefined) })

  fastify.route({
    method: METHODS,
    url: '/auth/check',
    // An OPTIONS is checked like the rest, never answered as a CORS preflight: a 2xx without the
    // X-Auth headers would let a gateway pass the client's own copies upstream.
    config: { cors: { preflight: false } },
    preHandler: fastify.requireAccount,
    schema: {
      summary: 'For gateways: is the cookie a signed-in session? (any of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS)',
      security: [{ session: [] }],
      response: {
        204: Type.Null({
          description: 'Signed in: the account is in the headers, for the gateway to pass upstream',
          headers: {
            'x-auth-address': { type: 'string', description: 'EIP-55 address of the signed-in account' },
            'x-auth-chain-id': { type: 'string', description: 'Chain ID the account signed in on' }
          }
        }),
        ...errorReplies({ 401: ['unauthorized'], 403: ['forbidden_origin'], 413: ['payload_too_large'], 503: ['store_unavailable'] })
      }
    },
    handler: async (request, reply) => {
      const { address, chainId } = request.account as NonNullable<typeof request.account>
      return reply.code(204).headers({ 'x-auth-address': address, 'x-auth-chain-id': String(chainId) }).send(null)
    }
  })
}

export default authCheck
