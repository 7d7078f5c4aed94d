// The floor of a sign-in on this stack: Fastify answering the sign-in's three requests with only
// the work no SIWE service can skip (a random nonce, the posted body parsed and validated, the
// signer recovered with the service's own libsecp256k1 recovery) and none of what makes it a
// service: no session, store or cookie, no message checks, CORS, security headers or logs. The
// service's CPU per sign-in is shown beside it. The port comes from PORT; it listens on 127.0.0.1.
import { randomBytes } from 'node:crypto'
import Fastify from 'fastify'
import { recoverSigner } from '../../../src/siwe/recover-signer.js'

const app = Fastify()

app.get('/nonce', async (_request, reply) => reply.type('text/plain').send(randomBytes(16).toString('hex')))

const body = {
  type: 'object',
  required: ['message', 'signature'],
  properties: { message: { type: 'string' }, signature: { type: 'string' } }
} as const

app.post<{ Body: { message: string, signature: string } }>('/verify', { schema: { body } }, async (request) => {
  const address = recoverSigner(request.body.message, request.body.signature)
  return { ok: true, address }
})

app.get('/personal_information', async (_request, reply) => reply.type('text/plain').send('You are authenticated'))

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })

// A normal exit on SIGTERM, so the bench's stop is clean (and a coverage run sees the process end).
process.once('SIGTERM', async () => {
  await app.close()
  process.exit(0)
})
