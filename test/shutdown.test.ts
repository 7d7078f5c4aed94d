import { once } from 'node:events'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import { shutdown } from '../src/shutdown.js'
import { DOMAIN, testConfig } from './helper.js'
import { rawConnection } from './helpers/raw-connection.js'

// The signal path runs in the real process (test/gateway/process.test.ts); here the handler is
// called directly, on an app listening in this process.

const request = `GET /healthz HTTP/1.1\r\nHost: ${DOMAIN}\r\n\r\n`
const replies = (text: string): string[] => text.split('HTTP/1.1 ').slice(1)

async function listeningApp (t: Test, drainMs?: number): Promise<{ app: FastifyInstance, handler: ReturnType<typeof shutdown>, port: number }> {
  const app = await buildApp({ config: testConfig() })
  const handler = shutdown(app, drainMs === undefined ? {} : { drainMs })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  return { app, handler, port: (app.server.address() as AddressInfo).port }
}

/**
 * Sends this process a signal whose listener calls `handler`, as close-with-grace does in the
 * service: the handler then runs in the event loop's poll phase, where its first wait matters.
 */
async function signal (handler: ReturnType<typeof shutdown>, meanwhile = (): void => {}): Promise<void> {
  const handled = once(process, 'SIGUSR2').then(async () => {
    // What arrives while the signal is handled: after the poll phase that brought the signal
    // (libuv handles signals after that phase's other events), before the server reads again.
    meanwhile()
    await handler({ signal: 'SIGUSR2' })
  })
  process.kill(process.pid, 'SIGUSR2')
  await handled
}

/** Resolves to 'done' when `promise` does, or 'timed out' after `ms`: a shutdown that hangs fails its test. */
const within = async (promise: Promise<unknown>, ms: number): Promise<string> =>
  await Promise.race([promise.then(() => 'done'), sleep(ms).then(() => 'timed out')])

t.test('the shutdown handler logs an uncaught error before closing', async t => {
  const app = await buildApp({ config: testConfig() })
  const logged: string[] = []
  app.log.error = ((_obj: unknown, msg: string) => { logged.push(msg) }) as typeof app.log.error
  await shutdown(app)({ err: new Error('boom') })
  t.same(logged, ['closing after an uncaught error'])
  t.equal(app.server.listening, false)
})

t.test('requests that reach keep-alive connections with the signal are answered, then the connections close', async t => {
  const { handler, port } = await listeningApp(t)
  const clients = await Promise.all(Array.from({ length: 20 }, async () => await rawConnection(port)))
  for (const client of clients) client.socket.write(request)
  await Promise.all(clients.map(async client => { while (replies(client.received()).length < 1) await sleep(5) }))
  // Each connection is now between requests. The signal comes, and with it the next requests,
  // unread: Node's close would end these connections, resetting them.
  const done = signal(handler, () => { for (const client of clients) client.socket.write(request) })
  await Promise.all(clients.map(async client => await client.reply))
  for (const client of clients) {
    const [first, second] = replies(client.received())
    t.match(first, /^200 /)
    t.match(second, /^200 [^]*\r\nconnection: close\r\n/i, 'the request that came with the signal is answered, with Connection: close')
  }
  t.equal(await within(done, 5000), 'done')
})

t.test('new connections made as the signal comes are accepted and answered', async t => {
  const { handler, port } = await listeningApp(t)
  const clients: Array<{ socket: Socket, text: string }> = []
  // Connected by the kernel at once, waiting to be accepted: closing the listener would reset them.
  const done = signal(handler, () => {
    for (let i = 0; i < 20; i++) {
      const client = { socket: connect(port, '127.0.0.1'), text: '' }
      client.socket.setEncoding('utf8').on('data', (chunk: string) => { client.text += chunk })
      client.socket.on('error', (err) => { client.text += String(err) })
      client.socket.write(request)
      clients.push(client)
    }
  })
  await Promise.all(clients.map(async client => await once(client.socket, 'close')))
  for (const client of clients) t.match(client.text, /^HTTP\/1\.1 200 [^]*\r\nconnection: close\r\n/i)
  t.equal(await within(done, 5000), 'done')
})

t.test('connections that never sent a byte do not hold the shutdown up', async t => {
  // A drain time longer than the test's own limit: only closing the quiet connections lets it end.
  const { app, handler, port } = await listeningApp(t, 600_000)
  const before = await rawConnection(port)
  while ((await new Promise<number>((resolve, reject) => app.server.getConnections((err, n) => err === null ? resolve(n) : reject(err)))) < 1) await sleep(5)
  const done = signal(handler)
  // And one made after the signal, accepted while the server still listens.
  const after = await rawConnection(port)
  t.equal(await within(done, 5000), 'done')
  for (const quiet of [before, after]) {
    await quiet.reply
    t.equal(quiet.received(), '', 'closed without an answer: it asked nothing')
  }
})

t.test('a request still unfinished when the drain time is up has its connection closed, and the shutdown ends', async t => {
  const { app, handler, port } = await listeningApp(t, 300)
  const warned: unknown[] = []
  app.log.warn = ((obj: unknown) => { warned.push(obj) }) as typeof app.log.warn
  const slow = await rawConnection(port)
  slow.socket.write(`GET /healthz HTTP/1.1\r\nHost: ${DOMAIN}\r\n`) // and the blank line never comes
  while (slow.socket.bytesWritten === 0) await sleep(5)
  t.equal(await within(signal(handler), 5000), 'done')
  await slow.reply
  t.equal(slow.received(), '')
  t.same(warned, [{ connections: 1 }], 'the closing is logged with how many connections were still open')
})
