import fp from 'fastify-plugin'
import { ShuttingDown } from '../src/errors.js'
import { storeCall } from '../src/stores/store-call.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Resolves when the service can take traffic; throws `shutting_down` or `store_unavailable`. */
    checkReadiness: () => Promise<void>
  }
}

export default fp(async (fastify) => {
  let shuttingDown = false
  // preClose runs as soon as close() starts (on SIGTERM), before the server stops accepting and
  // while the requests in flight are still being answered: from then on /readyz says 503.
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
  const { redis } = fastify
  fastify.decorate('checkReadiness', async () => {
    if (shuttingDown) throw new ShuttingDown()
    // The memory store is always there. A Redis that is away fails at once (no offline queue); one
    // that hangs fails after the command timeout.
    if (redis !== null) await storeCall(redis.ping())
  })
}, { name: 'readiness', dependencies: ['redis'] })
