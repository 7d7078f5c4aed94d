// A Fastify "hello world": the framework's floor for one small JSON answer, against which the
// service's authenticated GET /me is compared. The port comes from PORT; it listens on 127.0.0.1.
import Fastify from 'fastify'

const app = Fastify()

app.get('/me', async () => ({ hello: 'world' }))

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })

// A normal exit on SIGTERM, so the bench's stop is clean (and a coverage run sees the process end).
process.once('SIGTERM', async () => {
  await app.close()
  process.exit(0)
})
