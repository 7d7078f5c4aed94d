import { once } from 'node:events'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { HttpConnection } from '../../bench/lib/http-connection.js'

interface Received {
  /** Which connection (1, 2, …) the request came on. */
  connection: number
  text: string
}

/**
 * A server on 127.0.0.1 that answers each request, once it has all of it (a head and the body its
 * Content-Length gives), with what `answer` writes: the replies are written by hand, so each test
 * says exactly which bytes the client is given.
 */
async function rawServer (t: Test, answer: (socket: Socket, request: Received) => void): Promise<{ origin: string, received: Received[] }> {
  const received: Received[] = []
  let connections = 0
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    const connection = ++connections
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    let buffered = ''
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1')
      const headEnd = buffered.indexOf('\r\n\r\n')
      if (headEnd === -1) return
      const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, headEnd))?.[1] ?? 0)
      if (buffered.length < headEnd + 4 + length) return
      const request = { connection, text: Buffer.from(buffered, 'latin1').toString('utf8') }
      buffered = ''
      received.push(request)
      answer(socket, request)
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => {
    for (const socket of sockets) socket.destroy()
    server.close()
  })
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received }
}

const ok = (body = 'ok', extra = ''): string => `HTTP/1.1 200 OK\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`

t.test('a request goes out as given, and its reply is read whole, in however many pieces it arrives', async (t) => {
  const { origin, received } = await rawServer(t, (socket) => {
    // The head in two writes, then the body in two that split the "é" of its UTF-8 between them.
    socket.write('HTTP/1.1 201 Created\r\nContent-Length: 7\r\nSet-Cookie: a=1; Path=/\r\n')
    setTimeout(() => socket.write('set-cookie: b=2\r\nX-Other: x\r\n\r\n'), 20)
    setTimeout(() => socket.write(Buffer.from([0x63, 0x61, 0x66, 0xc3])), 40)
    setTimeout(() => socket.write(Buffer.from([0xa9, 0x21, 0x21])), 60)
  })
  const connection = new HttpConnection(origin)
  t.teardown(() => connection.close())
  const reply = await connection.request('POST', '/verify', { origin: 'http://localhost:8080', 'content-type': 'application/json' }, '{"a":"é"}')
  t.same(reply, { status: 201, setCookies: ['a=1; Path=/', 'b=2'], text: 'café!!' })
  const host = new URL(origin).host
  t.equal(received[0]?.text, `POST /verify HTTP/1.1\r\nhost: ${host}\r\norigin: http://localhost:8080\r\ncontent-type: application/json\r\ncontent-length: 10\r\n\r\n{"a":"é"}`,
    'Host, the headers given and the body byte length')
})

t.test('a kept-alive connection carries the next request; one at a time', async (t) => {
  const { origin, received } = await rawServer(t, (socket) => socket.write(ok('yes', 'keep-alive: timeout=5\r\n')))
  const connection = new HttpConnection(origin)
  t.teardown(() => connection.close())
  const first = connection.request('GET', '/a', {})
  await t.rejects(connection.request('GET', '/b', {}), { message: 'HttpConnection: one request at a time' })
  t.equal((await first).text, 'yes')
  t.same((await connection.request('GET', '/c', {})).status, 200)
  t.same(received.map((r) => r.connection), [1, 1], 'both on the first connection')
})

t.test('a new connection after the server says it closes, closes, or would close it for idling', async (t) => {
  const { origin, received } = await rawServer(t, (socket, request) => {
    if (request.text.startsWith('GET /close ')) socket.end(ok('bye', 'connection: close\r\n'))
    else if (request.text.startsWith('GET /hang-up ')) socket.end(ok('bye'))
    else if (request.text.startsWith('GET /idle ')) socket.write(ok('soon', 'Keep-Alive: timeout=1\r\n'))
    else if (request.text.startsWith('GET /max ')) socket.write(ok('max', 'Keep-Alive: max=100\r\n'))
    else socket.write(ok())
  })
  const connection = new HttpConnection(origin)
  t.teardown(() => connection.close())
  t.equal((await connection.request('GET', '/close', {})).text, 'bye')
  t.equal((await connection.request('GET', '/', {})).text, 'ok', 'Connection: close')
  t.equal((await connection.request('GET', '/hang-up', {})).text, 'bye')
  await sleep(50)
  t.equal((await connection.request('GET', '/', {})).text, 'ok', 'closed by the server while idle')
  // timeout=1: with the margin kept before the server's limit, the connection is not reused at all.
  t.equal((await connection.request('GET', '/idle', {})).text, 'soon')
  t.equal((await connection.request('GET', '/max', {})).text, 'max', 'idle for as long as the server allows')
  t.equal((await connection.request('GET', '/', {})).text, 'ok', 'a Keep-Alive header without a timeout')
  t.same(received.map((r) => r.connection), [1, 2, 2, 3, 3, 4, 4])
})

t.test('No Content-Length is needed for 204 and 304, and a new request resets what was read', async (t) => {
  const { origin } = await rawServer(t, (socket, request) => {
    socket.write(request.text.startsWith('GET /204 ') ? 'HTTP/1.1 204 No Content\r\n\r\n' : 'HTTP/1.1 304 Not Modified\r\n\r\n')
  })
  const connection = new HttpConnection(origin)
  t.teardown(() => connection.close())
  t.same(await connection.request('GET', '/204', {}), { status: 204, setCookies: [], text: '' })
  t.same(await connection.request('GET', '/304', {}), { status: 304, setCookies: [], text: '' })
})

t.test('a reply this client cannot read fails its request with the reason, and the connection is closed', async (t) => {
  const { origin, received } = await rawServer(t, (socket, request) => {
    const path = request.text.split(' ')[1]
    if (path === '/chunked') socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n')
    else if (path === '/no-length') socket.write('HTTP/1.1 200 OK\r\n\r\nok')
    else if (path === '/bad-length') socket.write('HTTP/1.1 200 OK\r\ncontent-length: two\r\n\r\nok')
    else if (path === '/negative-length') socket.write('HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\nok')
    else if (path === '/too-much') socket.write(ok('ok') + ok('again'))
    else socket.write(ok())
  })
  const connection = new HttpConnection(origin)
  t.teardown(() => connection.close())
  await t.rejects(connection.request('GET', '/chunked', {}), { message: 'the reply to GET /chunked has Transfer-Encoding: chunked; this client reads Content-Length only' })
  await t.rejects(connection.request('GET', '/no-length', {}), { message: 'the reply to GET /no-length has no valid Content-Length' })
  await t.rejects(connection.request('GET', '/bad-length', {}), { message: 'the reply to GET /bad-length has no valid Content-Length' })
  await t.rejects(connection.request('GET', '/negative-length', {}), { message: 'the reply to GET /negative-length has no valid Content-Length' })
  await t.rejects(connection.request('GET', '/too-much', {}), { message: 'the server sent more than its reply to GET /too-much' })
  t.equal((await connection.request('GET', '/', {})).text, 'ok', 'the next request has a connection of its own')
  t.same(received.map((r) => r.connection), [1, 2, 3, 4, 5, 6])
})

t.test('closing the connection fails the request waiting on it', async (t) => {
  const { origin, received } = await rawServer(t, () => {})
  const connection = new HttpConnection(origin)
  const waiting = connection.request('GET', '/never', {})
  while (received.length === 0) await sleep(10)
  connection.close()
  await t.rejects(waiting, { message: 'the connection was closed before the reply' })
})

t.test('bytes that answer no request close the connection', async (t) => {
  const { origin, received } = await rawServer(t, (socket) => {
    socket.write(ok())
    setTimeout(() => socket.write(ok('unasked')), 20)
  })
  const connection = new HttpConnection(origin)
  t.teardown(() => connection.close())
  t.equal((await connection.request('GET', '/', {})).text, 'ok')
  await sleep(100)
  t.equal((await connection.request('GET', '/', {})).text, 'ok')
  t.same(received.map((r) => r.connection), [1, 2], 'the next request went on a new connection')
})

t.test('a connection that ends or fails before the reply fails its request', async (t) => {
  const { origin } = await rawServer(t, (socket, request) => {
    if (request.text.startsWith('GET /half ')) socket.end('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nhal')
    else socket.resetAndDestroy()
  })
  const connection = new HttpConnection(origin)
  t.teardown(() => connection.close())
  await t.rejects(connection.request('GET', '/half', {}), { message: 'the server closed the connection' })
  await t.rejects(connection.request('GET', '/reset', {}), { code: 'ECONNRESET' })

  const closed = createServer()
  closed.listen(0, '127.0.0.1')
  await once(closed, 'listening')
  const port = (closed.address() as AddressInfo).port
  closed.close()
  await once(closed, 'close')
  await t.rejects(new HttpConnection(`http://127.0.0.1:${port}`).request('GET', '/', {}), { code: 'ECONNREFUSED' }, 'nothing listening')
})
