import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { join } from 'node:path'
import t from 'tap'
import { Redis } from 'ioredis'
import { findFreePort } from '../../bench/lib/free-port.js'
import { RedisProcess } from '../redis-server.js'

const SERVER = join(import.meta.dirname, '../../src/server.ts')

// Six server processes, each loading the whole service from source under the TypeScript loader and
// coverage: 4 to 8 s a start on Node 24 here (62 s for the file on a loaded machine), so the file
// would otherwise pass tap's 30 s limit.
t.setTimeout(180_000)

/** Runs src/server.ts as the real process (with tap's loader and coverage) and collects its output. */
interface ServerProcess {
  output: () => string
  /** Resolves once the output holds `text`, or after 15 s (the assertions that follow then fail). */
  waitFor: (text: string) => Promise<void>
  exited: Promise<[number | null, string | null]>
  kill: (signal: NodeJS.Signals) => void
}

function run (env: Record<string, string>): ServerProcess {
  const { REDIS_URL: _r, SESSION_SECRET: _s, NODE_ENV: _n, ...inherited } = process.env
  const child = spawn(process.execPath, [...process.execArgv, SERVER], {
    env: { ...inherited, FASTIFY_AUTOLOAD_TYPESCRIPT: '1', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let text = ''
  child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { text += chunk.toString() })
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  const waitFor = async (wanted: string): Promise<void> => {
    for (let i = 0; i < 300 && !text.includes(wanted); i++) await new Promise(resolve => setTimeout(resolve, 50))
  }
  return { output: () => text, waitFor, exited: once(child, 'exit') as Promise<[number | null, string | null]>, kill: (signal) => child.kill(signal) }
}

t.test('a bad configuration stops the start with a message naming the variable', async (t) => {
  const server = run({ NODE_ENV: 'production', PORT: String(await findFreePort()) })
  const [code] = await server.exited
  t.equal(code, 1)
  t.match(server.output(), /SESSION_SECRET is required when NODE_ENV=production/)
  t.notMatch(server.output(), /"level"/, 'a plain message, not a log line')
})

t.test('an address it cannot listen on stops the start with a message naming HOST and PORT', async (t) => {
  const taken = createServer()
  await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve))
  t.teardown(() => taken.close())
  const { port } = taken.address() as { port: number }
  const inUse = run({ PORT: String(port) })
  t.equal((await inUse.exited)[0], 1)
  t.match(inUse.output(), new RegExp(`Cannot listen on HOST=127\\.0\\.0\\.1 PORT=${port}: .*EADDRINUSE`))

  // 203.0.113.0/24 is for documentation: no machine has it.
  const foreign = run({ PORT: String(await findFreePort()), HOST: '203.0.113.1' })
  t.equal((await foreign.exited)[0], 1)
  t.match(foreign.output(), /Cannot listen on HOST=203\.0\.113\.1 PORT=\d+: .*EADDRNOTAVAIL/)
})

t.test('development without a secret starts with a warning, and SIGINT stops it cleanly', async (t) => {
  const server = run({ PORT: String(await findFreePort()), LOG_LEVEL: 'info' })
  await server.waitFor('Server listening')
  t.match(server.output(), /SESSION_SECRET is not set: using a random secret/)
  t.match(server.output(), /"signer":"libsecp256k1-(native|wasm)".*"msg":"signature recovery backends"/, 'the start-up log names the signer backend')
  server.kill('SIGINT')
  const [code] = await server.exited
  t.equal(code, 0)
})

t.test('SIGTERM while start-up waits for Redis ends in exit 0, as any SIGTERM does', async (t) => {
  // Nothing listens on this port: Redis is refused, and start-up waits for it (plugins/redis.ts).
  const server = run({ PORT: String(await findFreePort()), REDIS_URL: `redis://127.0.0.1:${await findFreePort()}`, LOG_LEVEL: 'info' })
  await server.waitFor('Redis is unreachable')
  t.match(server.output(), /Redis is unreachable/)
  server.kill('SIGTERM')
  t.same(await server.exited, [0, null], 'exit 0, not killed by the signal')
  t.match(server.output(), /"signal":"SIGTERM".*"msg":"closing"/)
  // The signal came during the 2 s wait (a second on a very slow machine would miss it): held, not
  // taken by the shutdown of a server already listening.
  t.notMatch(server.output(), /Server listening/)
})

t.test('a Redis that refuses the password is logged with its reason, never the password', async (t) => {
  const redis = await RedisProcess.start(t)
  const admin = new Redis(redis.url)
  await admin.config('SET', 'requirepass', 'the-right-password')
  await admin.quit()
  const server = run({ PORT: String(await findFreePort()), REDIS_URL: `redis://:WRONGhunter2@127.0.0.1:${redis.port}`, LOG_LEVEL: 'info' })
  await server.waitFor('Redis is unreachable')
  server.kill('SIGTERM')
  await server.exited
  t.match(server.output(), /"msg":"Redis is unreachable.*WRONGPASS|WRONGPASS.*"msg":"Redis is unreachable/, 'the outage and its reason')
  t.notMatch(server.output(), /WRONGhunter2/, 'not the password')
})
