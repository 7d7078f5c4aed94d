import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import t from 'tap'
import { Wallet } from 'ethers'
import { DOMAIN, messageText, ORIGIN, SECRET } from '../helper.js'
import { findFreePort } from '../../bench/lib/free-port.js'
import { rawConnection } from '../helpers/raw-connection.js'
import { RedisProcess } from '../redis-server.js'

const SERVER = join(import.meta.dirname, '../../src/server.ts')

const statusOf = (reply: string): number => Number(reply.split(' ', 2)[1])
const bodyOf = (reply: string): unknown => JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))
const sessionIdOf = (setCookie: string): string => decodeURIComponent(setCookie.split(';', 1)[0]?.split('=')[1] ?? '').split('.')[0] as string

// The real server process (tap's TypeScript loader and coverage come along through execArgv and
// the environment), at LOG_LEVEL=trace, on a Redis of the test's own.
t.test('SIGTERM with a sign-in in flight: it completes, /readyz says 503, exit 0; logs keep no secrets', async (t) => {
  const redis = await RedisProcess.start(t)
  const port = await findFreePort()
  const child = spawn(process.execPath, [...process.execArgv, SERVER], {
    env: {
      ...process.env,
      FASTIFY_AUTOLOAD_TYPESCRIPT: '1',
      NODE_ENV: 'production',
      COOKIE_SECURE: 'false',
      HOST: '127.0.0.1',
      PORT: String(port),
      SESSION_SECRET: SECRET,
      REDIS_URL: redis.url,
      ALLOWED_ORIGINS: ORIGIN,
      LOG_LEVEL: 'trace',
      RATE_LIMIT_MAX: '60'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  let logs = ''
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => { logs += chunk })
  const listening = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: string) => {
      logs += chunk
      if (logs.includes('Server listening')) resolve()
    })
  })
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>
  await Promise.race([listening, exited.then(() => { throw new Error(`server exited early: ${logs}`) })])
  const base = `http://127.0.0.1:${port}`

  t.equal((await fetch(`${base}/readyz`)).status, 200)
  const nonceRes = await fetch(`${base}/nonce`, { headers: { origin: ORIGIN } })
  const nonce = await nonceRes.text()
  const setCookie = nonceRes.headers.get('set-cookie') as string
  const cookie = setCookie.split(';', 1)[0] as string
  const wallet = Wallet.createRandom()
  const message = messageText(wallet.address, nonce)
  const signature = await wallet.signMessage(message)

  // A store error is logged with its cause: that must not carry a session ID either.
  redis.pause()
  t.equal((await fetch(`${base}/me`, { headers: { cookie } })).status, 503)
  redis.resume()

  // The sign-in in flight: headers and half of the body now, the rest after SIGTERM.
  const body = JSON.stringify({ message, signature })
  const verify = await rawConnection(port)
  verify.socket.write(`POST /verify HTTP/1.1\r\nHost: ${DOMAIN}\r\nOrigin: ${ORIGIN}\r\nCookie: ${cookie}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 100)}`)
  // A readiness probe whose request has begun (a gateway's health check on its connection).
  const probe = await rawConnection(port)
  probe.socket.write(`GET /readyz HTTP/1.1\r\nHost: ${DOMAIN}\r\n`)
  await new Promise(resolve => setTimeout(resolve, 200))

  const sigterm = performance.now()
  child.kill('SIGTERM')
  await new Promise(resolve => setTimeout(resolve, 300))
  probe.socket.write('\r\n')
  const probeReply = await probe.reply
  t.equal(statusOf(probeReply), 503, '/readyz answers 503 once SIGTERM arrived')
  t.match(bodyOf(probeReply), { code: 'shutting_down' })
  const refused = await fetch(`${base}/readyz`).then(r => r.status, () => 'refused')
  t.ok(refused === 'refused' || refused === 503, `a new connection is refused or told 503 (${refused})`)

  await new Promise(resolve => setTimeout(resolve, 500))
  verify.socket.write(body.slice(100))
  const verifyReply = await verify.reply
  t.equal(statusOf(verifyReply), 200, 'the sign-in in flight completes (its store writes after SIGTERM too)')
  t.match(bodyOf(verifyReply), { ok: true, address: wallet.address })
  const signedInId = sessionIdOf(/set-cookie: ([^\r]+)/i.exec(verifyReply)?.[1] as string)

  const [code, signal] = await exited
  const ms = performance.now() - sigterm
  t.comment(`SIGTERM to exit with a request in flight: ${Math.round(ms)} ms (the request was held open 800 ms of it)`)
  t.equal(code, 0, 'exit 0')
  t.equal(signal, null)
  t.ok(ms < 10_000, 'within 10 s')

  const lines = logs.split('\n').filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Record<string, unknown>)
  t.ok(lines.length > 10, 'pino JSON lines')
  t.ok(lines.some(l => l.level === 20), 'levels below info are on')
  t.ok(lines.some(l => typeof l.reqId === 'string' && l.req !== undefined), 'requests are logged with their ID')
  t.ok(lines.some(l => /Redis/.test(String(l.msg)) && l.level === 40) || lines.some(l => l.code === 'store_unavailable'), 'the outage is logged')
  t.notOk(lines.some(l => /in-memory|REDIS_URL is not set/.test(String(l.msg))), 'no memory-store warning with Redis')
  for (const [what, secret] of [['signature', signature.slice(2)], ['cookie', cookie.split('=')[1] as string],
    ['session ID before sign-in', sessionIdOf(setCookie)], ['session ID after sign-in', signedInId], ['secret', SECRET]]) {
    t.notOk(logs.includes(secret as string), `no ${what} in the logs`)
  }
})
