import fp from 'fastify-plugin'
import { MemoryNonceStore } from '../src/stores/memory-nonce-store.js'
import { MemorySessionStore } from '../src/stores/memory-session-store.js'
import type { NonceStore } from '../src/stores/nonce-store.js'
import { RedisNonceStore } from '../src/stores/redis-nonce-store.js'
import { RedisSessionStore } from '../src/stores/redis-session-store.js'
import type { SessionStore } from '../src/stores/session-store.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Single-use nonces, one per session. */
    nonces: NonceStore
    /** Signed-in sessions (plugins/session.ts). */
    sessions: SessionStore
  }
}

// One choice, made at start from REDIS_URL: Redis for any number of instances, memory for one.
export default fp(async (fastify) => {
  if (fastify.redis !== null) {
    const { redisKeyPrefix } = fastify.config
    fastify.decorate('nonces', new RedisNonceStore(fastify.redis, redisKeyPrefix))
    fastify.decorate('sessions', new RedisSessionStore(fastify.redis, redisKeyPrefix))
    return
  }
  if (fastify.config.production) {
    fastify.log.warn('REDIS_URL is not set: sessions, nonces and rate limits live in this process, so run one replica only')
  }
  const nonces = new MemoryNonceStore()
  const sessions = new MemorySessionStore()
  fastify.decorate('nonces', nonces)
  fastify.decorate('sessions', sessions)
  fastify.addHook('onClose', async () => {
    nonces.close()
    sessions.close()
  })
}, { name: 'stores', dependencies: ['redis'] })
