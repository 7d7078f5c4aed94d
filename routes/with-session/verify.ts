import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { VerifyBody, VerifyReply } from './schemas.js'

const verify: FastifyPluginAsyncTypebox = async (fastify) => {
  const sessionTtlMs = fastify.config.sessionTtlSeconds * 1000
  fastify.post('/verify', { schema: { body: VerifyBody, response: { 200: VerifyReply } } }, async (request) => {
    // Consumed first, whatever follows: a nonce is good for one attempt, failed or not.
    const nonce = await fastify.nonces.consume(request.session.sessionId)
    const signIn = await fastify.verifySignIn(request.body, nonce)
    const now = Date.now()
    const expiresAt = Math.min(now + sessionTtlMs, signIn.expirationTime ?? Infinity)
    // A new session ID at sign-in, living until the sign-in ends.
    request.session.options({ maxAge: expiresAt - now })
    await request.session.regenerate()
    request.session.set('account', {
      address: signIn.address,
      chainId: signIn.chainId,
      issuedAt: new Date(signIn.issuedAt).toISOString(),
      expiresAt: new Date(expiresAt).toISOString()
    })
    return { ok: true as const, address: signIn.address, chainId: signIn.chainId }
  })
}

export default verify
