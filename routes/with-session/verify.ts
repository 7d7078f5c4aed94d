import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { newSessionId } from '../../plugins/session.js'
import { errorReplies } from '../../src/errors.js'
import { spendNamedNonce } from '../../src/siwe/sign-in.js'
import { VerifyBody, VerifyReply } from './schemas.js'

const verify: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post('/verify', {
    // Limited per client IP by plugins/rate-limit.ts.
    config: { rateLimit: {} },
    // A body that fails its schema reaches the handler, which spends a nonce it presents.
    attachValidation: true,
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
    if (request.validationError !== undefined) {
      await spendNamedNonce((request.body as { message?: unknown } | null)?.message, request.sessionId, fastify.nonces)
      throw request.validationError
    }
    // A new session ID at sign-in, living until the sign-in ends; the one the cookie carried ends.
    const sessionId = newSessionId()
    const { account, expiresAt } = await fastify.signIn(request.body, request.sessionId, sessionId)
    reply.setSessionCookie(sessionId, expiresAt)
    // Look the ENS name up now, off the sign-in's path, so /me finds it cached.
    fastify.ens?.prefetch(account.address)
    return { ok: true as const, address: account.address, chainId: account.chainId }
  })
}

export default verify
