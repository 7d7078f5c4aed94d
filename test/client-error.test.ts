import { connect } from 'node:net'
import { Duplex } from 'node:stream'
import t from 'tap'
import { buildApp, REQUEST_TIMEOUT_MS } from '../src/app.js'
import { answerClientError } from '../src/client-error.js'
import { build, ORIGIN, testConfig } from './helper.js'
import { rawConnection } from './helpers/raw-connection.js'

/** A socket that keeps what is written to it. */
function fakeSocket (): Duplex & { written: string } {
  const socket = new Duplex({
    read () {},
    write (chunk: Buffer, _encoding, callback) {
      socket.written += chunk.toString()
      callback()
    }
  }) as Duplex & { written: string }
  socket.written = ''
  socket.on('error', () => {})
  return socket
}

const error = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code })

t.test("each client error gets the contract's body, then the connection ends", async t => {
  const cases: Array<[string, number, string]> = [
    ['HPE_HEADER_OVERFLOW', 431, 'request_header_fields_too_large'],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, 'request_timeout'],
    ['HPE_INVALID_METHOD', 400, 'bad_request']
  ]
  for (const [code, statusCode, contractCode] of cases) {
    const socket = fakeSocket()
    answerClientError(error(code), socket)
    const [head, body] = socket.written.split('\r\n\r\n') as [string, string]
    t.match(head, new RegExp(`^HTTP/1\\.1 ${statusCode} `), code)
    t.match(head, /\r\nConnection: close(\r\n|$)/)
    t.match(head, /\r\nx-content-type-options: nosniff\r\n/, 'with the security headers')
    t.match(head, /\r\ncontent-security-policy: default-src 'none';frame-ancestors 'none'\r\n/)
    t.match(head, new RegExp(`\r\nContent-Length: ${Buffer.byteLength(body)}(\r\n|$)`))
    t.match(JSON.parse(body), { statusCode, code: contractCode, error: String }, code)
    t.ok(socket.destroyed)
  }
})

t.test('a connection already gone gets nothing', async t => {
  const reset = fakeSocket()
  answerClientError(error('ECONNRESET'), reset)
  t.equal(reset.written, '')
  t.notOk(reset.destroyed, 'Node has it in hand')

  const destroyed = fakeSocket()
  destroyed.destroy()
  answerClientError(error('HPE_INVALID_METHOD'), destroyed)
  t.equal(destroyed.written, '')

  const ended = fakeSocket()
  ended.end()
  answerClientError(error('HPE_INVALID_METHOD'), ended)
  t.equal(ended.written, '', 'a socket that cannot be written to is only closed')
  t.ok(ended.destroyed)
})

/** Sends `request` as raw bytes to the app on 127.0.0.1 and reads the answer until the server closes. */
async function raw (port: number, request: string): Promise<string> {
  const socket = connect(port, '127.0.0.1')
  socket.write(request)
  let answer = ''
  try {
    for await (const chunk of socket) answer += (chunk as Buffer).toString()
  } catch (err) {
    // A server that closes with part of the request unread (the rest of a 70 KB header) resets
    // the connection after its answer, as Node's own handler does: seen on Node 24, not on 20 or 22.
    // The answer has arrived by then, and is what is checked.
    if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET' || answer === '') throw err
  }
  return answer
}

t.test("requests Node's parser refuses, over a real connection", async t => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }

  const big = await raw(port, `GET /nonce HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`)
  t.match(big, /^HTTP\/1\.1 431 /)
  t.match(JSON.parse(big.split('\r\n\r\n')[1] as string), { statusCode: 431, code: 'request_header_fields_too_large' })

  const garbled = await raw(port, 'NOT HTTP\r\n\r\n')
  t.match(garbled, /^HTTP\/1\.1 400 /)
  t.match(JSON.parse(garbled.split('\r\n\r\n')[1] as string), { statusCode: 400, code: 'bad_request' })

  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'the server carries on')
})

t.test('a request that has not arrived in time is 408 and its connection closed, as is a connection that sends nothing', async t => {
  const { server } = await build(t)
  t.same([server.requestTimeout, server.headersTimeout], [REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS], 'the service has a limit (Fastify sets none)')
  const unlimited = await buildApp({ config: testConfig() }, { requestTimeout: 0 })
  t.teardown(() => unlimited.close())
  t.same([unlimited.server.requestTimeout, unlimited.server.headersTimeout], [0, 60_000], 'none asked for: the headers keep Node\'s limit')
  // The same with a limit that a test can wait for, checked as often.
  const app = await buildApp({ config: testConfig() }, { requestTimeout: 200, http: { connectionsCheckingInterval: 50 } })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const slow = await rawConnection(port)
  slow.socket.write('POST /verify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"mess')
  const quiet = await rawConnection(port)
  for (const [name, connection] of [['a body still arriving', slow], ['a connection that sent nothing', quiet]] as const) {
    const [head, body] = (await connection.reply).split('\r\n\r\n') as [string, string]
    t.match(head, /^HTTP\/1\.1 408 /, name)
    t.match(JSON.parse(body), { statusCode: 408, code: 'request_timeout' }, name)
  }
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'the server carries on')
})

t.test('requests Node would refuse with an empty body get the contract\'s, with the usual headers', async t => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const split = (answer: string): { head: string, body: unknown } => {
    const [head, body] = answer.split('\r\n\r\n') as [string, string]
    return { head: head.toLowerCase(), body: JSON.parse(body) }
  }

  // Asked to keep the connection: the server ends it all the same (raw() reads until it does).
  const noHost = split(await raw(port, `GET /nonce HTTP/1.1\r\nOrigin: ${ORIGIN}\r\nConnection: keep-alive\r\n\r\n`))
  t.match(noHost.head, /^http\/1\.1 400 /)
  t.match(noHost.head, /\r\nconnection: close(\r\n|$)/, 'and the connection ends')
  t.match(noHost.body, { statusCode: 400, code: 'bad_request', message: /Host/ })
  t.match(noHost.head, /\r\naccess-control-allow-origin: http:\/\/localhost:8080\r\n/, 'with the CORS grant')
  t.match(noHost.head, /\r\nx-content-type-options: nosniff\r\n/, 'and the security headers')
  t.notMatch(noHost.head, /set-cookie/, 'and no session made')

  const http10 = await raw(port, 'GET /healthz HTTP/1.0\r\n\r\n')
  t.match(http10, /^HTTP\/1\.1 200 /, 'HTTP/1.0 needs no Host')

  const expect = split(await raw(port, `POST /verify HTTP/1.1\r\nHost: localhost\r\nOrigin: ${ORIGIN}\r\nExpect: bogus\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`))
  t.match(expect.head, /^http\/1\.1 417 /)
  t.match(expect.body, { statusCode: 417, code: 'expectation_failed', message: /bogus/ })
  t.match(expect.head, /\r\naccess-control-allow-origin: http:\/\/localhost:8080\r\n/, 'with the CORS grant')
  t.match(expect.head, /\r\ncontent-security-policy: /, 'and the security headers')

  const proceed = await raw(port, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n')
  t.match(proceed, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /, '100-continue is still met')
})
