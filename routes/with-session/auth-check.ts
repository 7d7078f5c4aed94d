import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorReplies } from '../../src/errors.js'

// For gateways (Traefik ForwardAuth, nginx auth_request, Envoy ext_authz): 204 and the account in
// headers the gateway copies onto the upstream request, or 401. It only reads: a request that
// stores nothing never creates a session (saveUninitialized is off).
const authCheck: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/auth/check', {
    preHandler: fastify.requireAccount,
    schema: {
      summary: 'For gateways: is the cookie a signed-in session?',
      security: [{ session: [] }],
      response: {
        204: Type.Null({
          description: 'Signed in: `X-Auth-Address` (EIP-55) and `X-Auth-Chain-Id` name the account'
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
