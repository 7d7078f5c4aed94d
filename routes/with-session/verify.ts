import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { newSessionId } from '../../plugins/session.js'
import { errorReplies, Expired } from '../../src/errors.js'
import { VerifyBody, VerifyReply } from './schemas.js'

const verify: FastifyPluginAsyncTypebox = async (fastify) => {
  const sessionTtlMs = fastify.config.sessionTtlSeconds * 1000
  fastify.post('/verify', {
    // Limited per client IP by plugins/rate-limit.ts.
    config: { rateLimit: {} },
    schema: {
      summary: "Sign in: check the message and its signature against the session's nonce",
      body: VerifyBody,
      response: {
        200: VerifyReply,
        ...errorReplies({
          401: ['nonce_mismatch', 'invalid_signature', 'domain_mismatch', 'uri_mismatch', 'chain_not_allowed', 'expired', 'not_yet_valid', 'issued_in_future'],
          403: ['forbidden_origin'],
          413: ['payload_too_large'],
          415: ['unsupported_media_type', 'invalid_json'],
          422: ['invalid_request', 'invalid_message'],
          429: ['rate_limited'],
          503: ['store_unavailable', 'rpc_unavailable']
        })
      }
    }
  }, async (request, reply) => {
    const previous = request.sessionId
    // Consumed first, whatever follows: a nonce is good for one attempt, failed or not.
    const nonce = previous === null ? null : await fastify.nonces.consume(previous)
    const signIn = await fastify.verifySignIn(request.body, nonce)
    const now = Date.now()
    const expiresAt = Math.min(now + sessionTtlMs, signIn.expirationTime ?? Infinity)
    // The message may have expired while a contract account's RPC check was under way.
    if (expiresAt <= now) throw new Expired()
    // A new session ID at sign-in, living until the sign-in ends. The ID the cookie carried (there
    // was one: the nonce was bound to it) ends now, should it have been signed in already.
    const sessionId = newSessionId()
    await Promise.all([
      fastify.sessions.set(sessionId, {
        address: signIn.address,
        chainId: signIn.chainId,
        issuedAt: new Date(signIn.issuedAt).toISOString(),
        expiresAt: new Date(expiresAt).toISOString()
      }, expiresAt),
      fastify.sessions.delete(previous as string)
    ])
    reply.setSessionCookie(sessionId, expiresAt)
    // Look the ENS name up now, off the sign-in's path, so /me finds it cached.
    fastify.ens?.resolve(signIn.address) // never rejects: a failure only leaves the name out
    return { ok: true as const, address: signIn.address, chainId: signIn.chainId }
  })
}

export default verify
