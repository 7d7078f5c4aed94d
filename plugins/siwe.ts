import fp from 'fastify-plugin'
import { verifyContractSignature } from '../src/chain/verify-contract-signature.js'
import { schemesByDomain } from '../src/siwe/check-message.js'
import { signIn, type SignedIn, type SignInContext, type SignInRequest } from '../src/siwe/sign-in.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Signs in a new session, `sessionId`, for the message presented by the session `previousId`
     * (null: none), checked against the configuration and that session's nonce (src/siwe/sign-in.ts).
     */
    signIn: (request: SignInRequest, previousId: string | null, sessionId: string) => Promise<SignedIn>
  }
}

/** Issued At may lie this far in the future (contract, property 2), for clocks that run ahead. */
const MAX_CLOCK_SKEW_MS = 60_000

export default fp(async (fastify) => {
  const { siweDomains, allowedOrigins, siweChainIds, sessionTtlSeconds, rpcUrls } = fastify.config
  const context: SignInContext = {
    policy: {
      domains: schemesByDomain(siweDomains, allowedOrigins),
      origins: new Set(allowedOrigins),
      maxClockSkewMs: MAX_CLOCK_SKEW_MS,
      sessionTtlMs: sessionTtlSeconds * 1000
    },
    nonces: fastify.nonces,
    sessions: fastify.sessions
  }
  if (siweChainIds !== undefined) context.policy.chainIds = new Set(siweChainIds)
  // Contract accounts only where some chain has an RPC URL; without one, EOAs only.
  if (rpcUrls.size > 0) context.checkContract = (input) => verifyContractSignature(fastify.chains, input)
  fastify.decorate('signIn', (request: SignInRequest, previousId: string | null, sessionId: string) =>
    signIn(request, previousId, sessionId, context, Date.now()))
}, { name: 'siwe', dependencies: ['chain', 'stores'] })
