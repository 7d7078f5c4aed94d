import { Redis } from 'ioredis'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    /** The Redis client of the stores and the rate limiter, or null when they live in memory (no REDIS_URL). */
    redis: Redis | null
  }
}

/**
 * How long a Redis command may take before the request gets `503 store_unavailable`, counted from
 * the call: ioredis starts its timer when it is given the command, and writes the command to the
 * socket at once (corked until the end of the turn, src/stores/batch-this-turn.ts), never after an
 * earlier command's answer. A request makes at most two round trips before its first write (the
 * rate-limit counter, then the session or nonce), so a hanging Redis gets its 503 out in about
 * 1.2 s, well within the contract's 2 s.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 600
/** How long start-up waits for Redis before it goes on without it (not ready until it answers). */
export const REDIS_STARTUP_WAIT_MS = 2000

// The client is made here rather than by @fastify/redis, which holds start-up until Redis answers:
// the service must start (and report not ready) while Redis is down.
export default fp(async (fastify) => {
  const { redisUrl } = fastify.config
  if (redisUrl === undefined) {
    fastify.decorate('redis', null)
    return
  }
  const redis = new Redis(redisUrl, {
    // Fail fast instead of queueing commands while Redis is away: a request gets a 503 within
    // the command timeout, and the client keeps reconnecting in the background.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_STARTUP_WAIT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000)
    // No keyPrefix: the stores and the rate limiter put REDIS_KEY_PREFIX before their keys
    // themselves, which costs less than ioredis looking up each command's key positions to add it.
    // No auto-pipelining: it keeps one batch in flight at a time (src/stores/batch-this-turn.ts).
  })
  // An outage is logged once when it starts and once when it ends.
  let down = false
  let wrongDatabase = false
  redis.on('error', (err: Error & { command?: { name: string } }) => {
    if (wrongDatabase) return
    if (err.command?.name === 'select') {
      wrongDatabase = true
      // Redis refused the database REDIS_URL names (one it does not have, or one an ACL forbids).
      // ioredis would carry on in database 0, among whatever keys live there; the store stays
      // unavailable (503, not ready) instead.
      fastify.log.fatal({ err }, 'Redis refused the database REDIS_URL names; the store stays unavailable until the service restarts with one it accepts')
      redis.disconnect()
      return
    }
    if (!down) fastify.log.warn({ err }, 'Redis is unreachable; requests that need it answer 503 until it is back')
    down = true
  })
  redis.on('ready', () => {
    if (down) fastify.log.info('Redis is back')
    down = false
  })
  fastify.decorate('redis', redis)
  fastify.addHook('onClose', async () => {
    await redis.quit().catch(() => redis.disconnect())
  })
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, REDIS_STARTUP_WAIT_MS)
    const started = (): void => {
      clearTimeout(timer)
      resolve()
    }
    redis.once('ready', started)
    // Or once the client is closed for good (a database Redis refused): nothing more to wait for.
    redis.once('end', started)
  })
}, { name: 'redis' })
