import session from '@fastify/session'
import fp from 'fastify-plugin'

/** The account a session is signed in as. */
export interface SignedInAccount {
  /** EIP-55 address. */
  address: string
  chainId: number
  /** The message's Issued At, ISO-8601. */
  issuedAt: string
  /** When the session ends: the earlier of the message's Expiration Time and SESSION_TTL_SECONDS. */
  expiresAt: string
}

declare module 'fastify' {
  interface Session {
    account?: SignedInAccount
  }
}

// Registered by routes/with-session/autohooks.ts around the routes that use a session only.
export const autoload = false

export default fp(async (fastify) => {
  const { config } = fastify
  await fastify.register(session, {
    secret: config.sessionSecret,
    cookieName: config.sessionCookieName,
    store: fastify.sessions,
    // A request that stores nothing leaves nothing in the store, and a session keeps the end it
    // was given at sign-in instead of sliding forward with every request.
    saveUninitialized: false,
    rolling: false,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: config.cookieSameSite,
      // Secure is added below: @fastify/session would otherwise drop the cookie on every request
      // that reached us over plain HTTP, which is every request behind a TLS-terminating gateway
      // that TRUST_PROXY was not set for.
      secure: false,
      // A session that holds only a nonce lives as long as the nonce.
      maxAge: config.nonceTtlSeconds * 1000
    }
  })
  if (config.cookieSecure) {
    fastify.addHook('onSend', async (_request, reply) => {
      const header = reply.getHeader('set-cookie')
      if (typeof header === 'string' && !header.includes('; Secure')) {
        // Fastify appends Set-Cookie values; replace ours instead.
        reply.removeHeader('set-cookie')
        reply.header('set-cookie', `${header}; Secure`)
      }
    })
  }
}, { name: 'session', dependencies: ['cookie', 'stores'] })
