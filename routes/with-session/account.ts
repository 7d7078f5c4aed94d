import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { MeReply, TextReply } from './schemas.js'

// What a signed-in session can read about itself.
const account: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/me', {
    preHandler: fastify.requireAccount,
    schema: { response: { 200: MeReply } }
  }, async (request) => request.account as NonNullable<typeof request.account>)

  // The quickstart's route, answered word for word as its backend does.
  fastify.get('/personal_information', {
    preHandler: fastify.requireAccount,
    schema: { response: { 200: TextReply } }
  }, async (request, reply) => {
    const { address } = request.account as NonNullable<typeof request.account>
    return reply.type('text/plain').send(`You are authenticated and your address is: ${address}`)
  })
}

export default account
