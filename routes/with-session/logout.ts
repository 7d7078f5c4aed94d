import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

const logout: FastifyPluginAsyncTypebox = async (fastify) => {
  const { config } = fastify
  fastify.post('/logout', async (request, reply) => {
    const { sessionId } = request.session
    // Gone from the store, so a replayed cookie opens nothing; a nonce it was waiting with goes too.
    await Promise.all([request.session.destroy(), fastify.nonces.consume(sessionId)])
    reply.clearCookie(config.sessionCookieName, {
      path: '/',
      httpOnly: true,
      secure: config.cookieSecure,
      sameSite: config.cookieSameSite
    })
    return reply.code(204).send()
  })
}

export default logout
