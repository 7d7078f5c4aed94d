import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { RateLimited } from '../src/errors.js'

/** The window RATE_LIMIT_MAX counts in (the contract: requests per minute). */
export const RATE_LIMIT_WINDOW_MS = 60_000

// Only routes that opt in with `config: { rateLimit: {} }` (/nonce and /verify) are limited, each
// route with its own counter per client. RATE_LIMIT_MAX=0 registers nothing, and the routes' opt-in
// is then ignored.
export default fp(async (fastify) => {
  const { rateLimitMax } = fastify.config
  if (rateLimitMax === 0) return
  await fastify.register(rateLimit, {
    global: false,
    max: rateLimitMax,
    timeWindow: RATE_LIMIT_WINDOW_MS,
    // request.ip follows TRUST_PROXY; an IPv6 client owns at least a /64, so that is one client.
    ipv6Subnet: 64,
    // With REDIS_URL the counters live in Redis under the app's key prefix, shared by every replica.
    ...(fastify.redis === null ? {} : { redis: fastify.redis, nameSpace: `${fastify.config.redisKeyPrefix}rate-limit:` }),
    // Redis down or hanging: the request is let through to its route, which then answers
    // `503 store_unavailable` from the store it needs, instead of the limiter failing it with a 500.
    skipOnError: true,
    // Thrown, so the error handler writes the contract's shape; Retry-After is already set.
    errorResponseBuilder: (_request, context) => new RateLimited(context.after)
  })
}, { name: 'rate-limit', dependencies: ['redis'] })
