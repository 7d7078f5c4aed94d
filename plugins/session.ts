import { Signer } from '@fastify/cookie'
import type { FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { memoSigner } from '../src/memo-signer.js'
import { randomText } from '../src/random-text.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The session ID the request's cookie carries if the cookie is signed with our secret, else null. */
    sessionId: string | null
  }
  interface FastifyReply {
    /** Sets the session cookie, carrying `sessionId`, to end at `expiresAt` (ms since the epoch). */
    setSessionCookie: (sessionId: string, expiresAt: number) => FastifyReply
    /** Sets the session cookie already expired, so the browser drops it. */
    clearSessionCookie: () => FastifyReply
  }
}

// Registered by routes/with-session/autohooks.ts around the routes that use a session only.
export const autoload = false

/** Signed session IDs remembered by the signer (about 150 bytes each). */
const SIGNER_MEMO_ENTRIES = 50_000

/** A new session's ID: 192 random bits, URL-safe. */
export function newSessionId (): string {
  return randomText(24, 'base64url')
}

/**
 * The session cookie: a session ID signed with SESSION_SECRET (HMAC-SHA256; the check of a valid
 * cookie is remembered, `src/memo-signer.ts`, and whether its session is live is the stores' to
 * say). What a session holds is in the stores: `fastify.sessions` once signed in, and
 * `fastify.nonces` while it waits for its nonce. The routes read and write those themselves, each
 * store operation once per request.
 */
export default fp(async (fastify) => {
  const { config } = fastify
  const signer = memoSigner(new Signer(config.sessionSecret), SIGNER_MEMO_ENTRIES)
  const name = config.sessionCookieName
  const attributes = { path: '/', httpOnly: true, sameSite: config.cookieSameSite, secure: config.cookieSecure }

  fastify.decorateRequest('sessionId', null)
  fastify.addHook('onRequest', (request, _reply, done) => {
    const cookie = request.cookies[name]
    request.sessionId = cookie === undefined ? null : signer.unsign(cookie).value
    done()
  })
  fastify.decorateReply('setSessionCookie', function (this: FastifyReply, sessionId: string, expiresAt: number) {
    return this.setCookie(name, signer.sign(sessionId), { ...attributes, expires: new Date(expiresAt) })
  })
  fastify.decorateReply('clearSessionCookie', function (this: FastifyReply) {
    return this.clearCookie(name, attributes)
  })
}, { name: 'session', dependencies: ['cookie'] })
