import fp from 'fastify-plugin'
import type { MessagePolicy } from '../src/siwe/check-message.js'
import { verifySignIn, type SignInRequest, type VerifiedSignIn } from '../src/siwe/verify-sign-in.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Verifies a sign-in against the configuration and the session's consumed nonce (null if none). */
    verifySignIn: (request: SignInRequest, nonce: string | null) => Promise<VerifiedSignIn>
  }
}

/** Issued At may lie this far in the future (contract, property 2), for clocks that run ahead. */
const MAX_CLOCK_SKEW_MS = 60_000

export default fp(async (fastify) => {
  const { siweDomains, allowedOrigins, siweChainIds } = fastify.config
  const policy: MessagePolicy = {
    domains: new Set(siweDomains),
    origins: new Set(allowedOrigins),
    maxClockSkewMs: MAX_CLOCK_SKEW_MS
  }
  if (siweChainIds !== undefined) policy.chainIds = new Set(siweChainIds)
  fastify.decorate('verifySignIn', (request: SignInRequest, nonce: string | null) =>
    verifySignIn(request, policy, nonce, Date.now()))
}, { name: 'siwe' })
