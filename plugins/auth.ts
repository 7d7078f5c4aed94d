import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { Unauthorized } from '../src/errors.js'
import type { SignedInAccount } from './session.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The account this request's session is signed in as, or null. */
    readonly account: SignedInAccount | null
  }
  interface FastifyInstance {
    /** A preHandler for routes that need a signed-in session: `401 unauthorized` without one. */
    requireAccount: (request: FastifyRequest) => Promise<void>
  }
}

// Registered by routes/with-session/autohooks.ts, next to the session plugin it reads.
export const autoload = false

export default fp(async (fastify) => {
  // A session past its end is gone from the store (its key expires with it), so whatever the
  // store returns is live.
  fastify.decorateRequest('account', {
    getter (this: FastifyRequest) {
      return this.session?.get('account') ?? null
    }
  })
  fastify.decorate('requireAccount', async (request: FastifyRequest) => {
    if (request.account === null) throw new Unauthorized()
  })
}, { name: 'auth', dependencies: ['session'] })
