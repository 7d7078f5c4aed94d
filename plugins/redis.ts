import { Redis } from 'ioredis'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    /** The Redis client of the stores, or null when they live in memory (no REDIS_URL). */
    redis: Redis | null
    /** The rate limiter's connection to the same Redis (plugins/rate-limit.ts), or null without a limit. */
    rateLimitRedis: Redis | null
  }
}

/**
 * How long a store command may take before the request gets `503 store_unavailable`, counted from
 * the call (src/stores/store-call.ts). A request makes at most two round trips before its first
 * write (the rate-limit counter on a connection of its own, then the session or nonce), so a
 * hanging Redis gets its 503 out in about 1.2 s, well within the contract's 2 s.
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
    fastify.decorate('rateLimitRedis', null)
    return
  }
  const redis = new Redis(redisUrl, {
    // Fail fast instead of queueing commands while Redis is away: a request gets a 503 within
    // the command timeout, and the client keeps reconnecting in the background.
    enableOfflineQueue: false,
    // The commands of all requests in flight go out together, one write per event-loop turn rather
    // than one per command: Redis's CPU per sign-in fell from about 78 to 20 µs, and the service
    // waits less between round trips. A command may then wait for the batch before it, so the
    // stores time their commands from the call (storeCall), not from when the client sends them.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_STARTUP_WAIT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000)
    // No keyPrefix: the stores put REDIS_KEY_PREFIX before their keys themselves, which costs less
    // than ioredis looking up each command's key positions to add it (a tenth of a command's CPU).
  })
  // The rate limiter's counters (with RATE_LIMIT_MAX), without the batching: a counter never waits
  // behind a batch in flight, so with Redis hanging the limiter gives up within one command timeout.
  // ioredis adds the key prefix here; the limiter does not know it.
  const rateLimitRedis = fastify.config.rateLimitMax === 0
    ? null
    : redis.duplicate({ enableAutoPipelining: false, keyPrefix: fastify.config.redisKeyPrefix })
  const clients = rateLimitRedis === null ? [redis] : [redis, rateLimitRedis]
  // Each connection's outage is logged once when it starts and once when it ends.
  const watch = (client: Redis, effect: string, name: string): void => {
    let down = false
    client.on('error', (err) => {
      if (!down) fastify.log.warn({ err }, `Redis is unreachable${name}; ${effect} until it is back`)
      down = true
    })
    client.on('ready', () => {
      if (down) fastify.log.info(`Redis is back${name}`)
      down = false
    })
  }
  watch(redis, 'store requests answer 503', '')
  if (rateLimitRedis !== null) watch(rateLimitRedis, 'requests are not rate-limited', ' for the rate limiter')
  fastify.decorate('redis', redis)
  fastify.decorate('rateLimitRedis', rateLimitRedis)
  fastify.addHook('onClose', async () => {
    await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())))
  })
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    Promise.all(clients.map((client) => new Promise((resolve) => client.once('ready', resolve)))),
    new Promise((resolve) => { timer = setTimeout(resolve, REDIS_STARTUP_WAIT_MS) })
  ])
  clearTimeout(timer)
}, { name: 'redis' })
