import fp from 'fastify-plugin'
import { ShuttingDown } from '../src/errors.js'
import { storeCall } from '../src/stores/store-call.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves when the service can take traffic; throws `shutting_down` or `store_unavailable`. */
    checkReadiness: () => Promise<void>
    /** From now on /readyz answers 503: the signal came, and the app is about to close (src/shutdown.ts). */
    beginShutdown: () => void
  }
}

export default fp(async (fastify) => {
  let shuttingDown = false
  fastify.decorate('beginShutdown', () => { shuttingDown = true })
  // And when the app is closed without a signal: preClose runs as soon as close() starts, while the
  // requests in flight are still being answered.
  fastify.addHook('preClose', async () => {
    shuttingDown = true
  })
  // A reply sent while closing ends its connection: a keep-alive connection whose request was in
  // flight would otherwise hold the server open for its keep-alive timeout (72 s in Fastify),
  // past the 10 s the shutdown has.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (shuttingDown) reply.header('connection', 'close')
    done(null, payload)
  })
  const { redis, nonces } = fastify
  // A write, not a PING: a Redis that answers but refuses the service's writes (a read-only
  // replica, an ACL without the key prefix) signs nobody in, so the gateway should not send it
  // anyone. One short-lived key under the prefix, shared by the replicas. And the nonces' script,
  // as a sign-in runs it: an ACL without scripting (EVAL, EVALSHA) signs nobody in either. Its
  // probe presents no nonce ever issued ('-' is none), so it deletes nothing.
  const probeKey = `${fastify.config.redisKeyPrefix}readiness`
  fastify.decorate('checkReadiness', async () => {
    if (shuttingDown) throw new ShuttingDown()
    // The memory store is always there. A Redis that is away fails at once (no offline queue); one
    // that hangs fails after the command timeout.
    if (redis !== null) await Promise.all([storeCall(redis.set(probeKey, '1', 'PX', 10_000)), nonces.consume('readiness', '-')])
  })
}, { name: 'readiness', dependencies: ['redis', 'stores'] })
