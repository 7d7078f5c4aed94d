import { spawn } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'
import { Wallet } from 'ethers'
import { buildApp } from '../src/app.js'
import { shutdown } from '../src/shutdown.js'
import { messageText, ORIGIN, testConfig } from './helper.js'
import { freePort } from './redis-process.js'

const SERVER = join(import.meta.dirname, '../src/server.ts')

interface Run { code: number | null, stdout: string, stderr: string }

/** Starts the real server process (with this test's TypeScript loader and coverage). */
function startServer (env: Record<string, string>): { done: Promise<Run>, output: () => string, kill: (signal: NodeJS.Signals) => void } {
  const child = spawn(process.execPath, [...process.execArgv, SERVER], {
    env: { ...process.env, FASTIFY_AUTOLOAD_TYPESCRIPT: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const done = new Promise<Run>(resolve => child.on('exit', code => resolve({ code, stdout, stderr })))
  return { done, output: () => stdout, kill: signal => child.kill(signal) }
}

async function until (check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

t.test('a configuration that does not parse stops the start with a message naming it', async t => {
  for (const [env, message] of [[{ PORT: 'eighty' }, /PORT/], [{ NODE_ENV: 'production' }, /SESSION_SECRET is required/]] as const) {
    const run = await startServer({ ...env, LOG_LEVEL: 'silent' }).done
    t.equal(run.code, 1)
    t.match(run.stderr, message)
  }
})

t.test('the server process: signs in over HTTP, keeps secrets out of its logs, exits 0 on SIGTERM', async t => {
  const port = await freePort()
  const server = startServer({ PORT: String(port), LOG_LEVEL: 'trace' })
  t.teardown(() => server.kill('SIGKILL'))
  await until(() => server.output().includes('Server listening'), 'the server to listen')
  t.match(server.output(), /SESSION_SECRET is not set/, 'a warning for the random secret')

  const base = `http://127.0.0.1:${port}`
  t.same(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' })

  const wallet = Wallet.createRandom()
  const nonceRes = await fetch(`${base}/nonce`, { headers: { origin: ORIGIN } })
  const cookie = (nonceRes.headers.get('set-cookie') ?? '').split(';')[0] as string
  const message = messageText(wallet.address, await nonceRes.text())
  const badSignature = await Wallet.createRandom().signMessage(message)
  const headers = { origin: ORIGIN, 'content-type': 'application/json', cookie }
  const bad = await fetch(`${base}/verify`, { method: 'POST', headers, body: JSON.stringify({ message, signature: badSignature }) })
  t.equal(bad.status, 401)

  const second = await fetch(`${base}/nonce`, { headers: { cookie } })
  const goodMessage = messageText(wallet.address, await second.text())
  const signature = await wallet.signMessage(goodMessage)
  const good = await fetch(`${base}/verify`, { method: 'POST', headers, body: JSON.stringify({ message: goodMessage, signature }) })
  t.equal(good.status, 200)
  const signedIn = (good.headers.get('set-cookie') ?? '').split(';')[0] as string
  const info = await fetch(`${base}/personal_information`, { headers: { cookie: signedIn } })
  t.equal(await info.text(), `You are authenticated and your address is: ${wallet.address}`)

  server.kill('SIGTERM')
  const run = await server.done
  t.equal(run.code, 0, 'exit 0 after SIGTERM')
  for (const secret of [badSignature, signature, cookie, signedIn, cookie.split('=')[1]?.split('.')[0] as string, signedIn.split('=')[1]?.split('.')[0] as string]) {
    t.notOk(run.stdout.includes(secret.slice(2, 30)), 'the logs hold no signature, cookie or session ID')
  }
  t.match(run.stdout, /"reqId"/, 'requests are logged, with their IDs')
})

t.test('the shutdown handler logs an uncaught error before closing', async t => {
  const app = await buildApp({ config: testConfig() })
  const logged: string[] = []
  app.log.error = ((obj: unknown, msg: string) => { logged.push(msg) }) as typeof app.log.error
  await shutdown(app)({ err: new Error('boom') })
  t.same(logged, ['closing after an uncaught error'])
  t.equal(app.server.listening, false)
})
