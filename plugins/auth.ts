import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Unauthorized } from '../src/errors.js'
import type { SignedInAccount } from '../src/stores/session-store.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The account the session is signed in as: set by `requireAccount`, null until then. */
    account: SignedInAccount | null
  }
  interface FastifyInstance {
    /** A preHandler for routes that need a signed-in session: `401 unauthorized` without one. */
    requireAccount: (request: FastifyRequest) => Promise<void>
  }
}

// Registered by routes/with-session/autohooks.ts, next to the session plugin it reads.
export const autoload = false

export default fp(async (fastify) => {
  const { sessions } = fastify
  fastify.decorateRequest('account', null)
  // A session past its end is gone from the store (its key expires with it), so whatever the
  // store returns is live.
  fastify.decorate('requireAccount', async (request: FastifyRequest) => {
    const account = request.sessionId === null ? null : await sessions.get(request.sessionId)
    if (account === null) throw new Unauthorized()
    request.account = account
  })
}, { name: 'auth', dependencies: ['session', 'stores'] })
