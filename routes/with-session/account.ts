import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorReplies } from '../../src/errors.js'
import { MeReply, TextReply } from './schemas.js'

const guarded = errorReplies({ 401: ['unauthorized'], 503: ['store_unavailable'] })

// What a signed-in session can read about itself.
const account: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/me', {
    preHandler: fastify.requireAccount,
    schema: {
      summary: 'The signed-in account',
      security: [{ session: [] }],
      response: { 200: MeReply, ...guarded }
    }
  }, async (request) => {
    const account = request.account as NonNullable<typeof request.account>
    // Cached after the first lookup (started at sign-in); an RPC that fails, or has not answered
    // within a second, only leaves `ens` out.
    const ens = await fastify.ens?.resolve(account.address)
    return ens == null ? account : { ...account, ens }
  })

  // The quickstart's route, answered word for word as its backend does.
  fastify.get('/personal_information', {
    preHandler: fastify.requireAccount,
    schema: {
      summary: "The quickstart's greeting for a signed-in session",
      security: [{ session: [] }],
      response: { 200: TextReply, ...guarded }
    }
  }, async (request, reply) => {
    const { address } = request.account as NonNullable<typeof request.account>
    return reply.type('text/plain').send(`You are authenticated and your address is: ${address}`)
  })
}

export default account
