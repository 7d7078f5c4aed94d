import cors from '@fastify/cors'
import fp from 'fastify-plugin'
import { ForbiddenOrigin } from '../src/errors.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route's own @fastify/cors options, which the plugin merges over the app's per request. */
    cors?: { preflight?: boolean }
  }
}

// Registered after helmet, whose hook then runs first: the preflights and 403s answered here carry
// the security headers too.
export default fp(async (fastify) => {
  const allowed = new Set(fastify.config.allowedOrigins)
  // An exact allowlist, never a reflected origin: `Origin: null` and every other origin get no CORS
  // headers at all (a list would still send them Allow-Credentials). The hook runs on every
  // request, so error replies carry the headers too and a frontend can read them.
  await fastify.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: true,
    methods: ['GET', 'POST'],
    // A page reads no header of another origin's reply unless told it may: these tell it when to
    // try again after a 429 (src/client.ts reads Retry-After), and how many tries are left.
    exposedHeaders: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    maxAge: 600,
    // An OPTIONS without Access-Control-Request-Method is answered as a preflight (204) rather than
    // with the plugin's plain-text 400, which is not the contract's error body.
    strictPreflight: false
  })
  // CSRF: a browser sends Origin on cross-origin POSTs; a state-changing request from an origin
  // that is not allowed is refused before any body is read or any session is loaded. (Hooks that
  // run on every request take a callback: an async one costs each request a promise.)
  fastify.addHook('onRequest', (request, _reply, done) => {
    const origin = request.headers.origin
    done(origin !== undefined && !SAFE_METHODS.has(request.method) && !allowed.has(origin) ? new ForbiddenOrigin() : undefined)
  })
}, { name: 'cors', dependencies: ['helmet'] })
