import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorReplies } from '../../src/errors.js'

// For gateways (Traefik ForwardAuth, nginx auth_request, Envoy ext_authz): 204 and the account in
// headers the gateway copies onto the upstream request, or 401. It only reads the session store,
// and never sets a cookie.
const authCheck: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/auth/check', {
    preHandler: fastify.requireAccount,
    schema: {
      summary: 'For gateways: is the cookie a signed-in session?',
      security: [{ session: [] }],
      response: {
        204: Type.Null({
          description: 'Signed in: the account is in the headers, for the gateway to pass upstream',
          headers: {
            'x-auth-address': { type: 'string', description: 'EIP-55 address of the signed-in account' },
            'x-auth-chain-id': { type: 'string', description: 'Chain ID the account signed in on' }
          }
        }),
        ...errorReplies({ 401: ['unauthorized'], 503: ['store_unavailable'] })
      }
    }
  }, async (request, reply) => {
    const { address, chainId } = request.account as NonNullable<typeof request.account>
    return reply.code(204).headers({ 'x-auth-address': address, 'x-auth-chain-id': String(chainId) }).send(null)
  })
}

export default authCheck
