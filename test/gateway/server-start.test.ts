import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import t from 'tap'
import { findFreePort } from '../../bench/lib/free-port.js'

const SERVER = join(import.meta.dirname, '../../src/server.ts')

/** Runs src/server.ts as the real process (with tap's loader and coverage) and collects its output. */
function run (env: Record<string, string>): { output: () => string, exited: Promise<[number | null, string | null]>, kill: (signal: NodeJS.Signals) => void } {
  const { REDIS_URL: _r, SESSION_SECRET: _s, NODE_ENV: _n, ...inherited } = process.env
  const child = spawn(process.execPath, [...process.execArgv, SERVER], {
    env: { ...inherited, FASTIFY_AUTOLOAD_TYPESCRIPT: '1', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let text = ''
  child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { text += chunk.toString() })
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  return { output: () => text, exited: once(child, 'exit') as Promise<[number | null, string | null]>, kill: (signal) => child.kill(signal) }
}

t.test('a bad configuration stops the start with a message naming the variable', async (t) => {
  const server = run({ NODE_ENV: 'production', PORT: String(await findFreePort()) })
  const [code] = await server.exited
  t.equal(code, 1)
  t.match(server.output(), /SESSION_SECRET is required when NODE_ENV=production/)
  t.notMatch(server.output(), /"level"/, 'a plain message, not a log line')
})

t.test('development without a secret starts with a warning, and SIGINT stops it cleanly', async (t) => {
  const server = run({ PORT: String(await findFreePort()), LOG_LEVEL: 'info' })
  for (let i = 0; i < 300 && !server.output().includes('Server listening'); i++) await new Promise(resolve => setTimeout(resolve, 50))
  t.match(server.output(), /SESSION_SECRET is not set: using a random secret/)
  t.match(server.output(), /"signer":"libsecp256k1-(native|wasm)".*"msg":"signature recovery backends"/, 'the start-up log names the signer backend')
  server.kill('SIGINT')
  const [code] = await server.exited
  t.equal(code, 0)
})
