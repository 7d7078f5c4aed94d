import type { FastifyInstance } from 'fastify'
import auth from '../../plugins/auth.js'
import session from '../../plugins/session.js'

// Every route in this folder reads or writes a session: the session and auth plugins are
// registered here, around these routes only, and their replies are never cached.
export default async function withSession (fastify: FastifyInstance): Promise<void> {
  await fastify.register(session)
  await fastify.register(auth)
  // onSend, so that replies refused before these routes' own hooks run (CSRF) get it too.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('cache-control', 'no-store')
    done(null, payload)
  })
}
