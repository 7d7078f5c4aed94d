import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { Wallet } from 'ethers'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { SiweMessage } from 'siwe'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'

export type Env = Record<string, string>

export const ORIGIN = 'http://localhost:8080'
export const DOMAIN = 'localhost:8080'
export const REDIS_URL = 'redis://127.0.0.1:6379'
export const SECRET = 's'.repeat(32)

export function testConfig (env: Env = {}): Config {
  return loadConfig({ SESSION_SECRET: SECRET, LOG_LEVEL: 'silent', ...env })
}

export async function build (t: Test, env: Env = {}): Promise<FastifyInstance> {
  const app = await buildApp({ config: testConfig(env) })
  t.teardown(() => app.close())
  await app.ready()
  return app
}

let redisAnswers: Promise<boolean> | undefined
async function pingRedis (): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null })
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

/**
 * The environment for an app on the machine's Redis under a key prefix of the test's own, whose
 * keys are deleted when the test ends. Without Redis the test skips, except where Redis is
 * required (CI, or REQUIRE_REDIS=1): there it fails.
 */
export async function redisEnv (t: Test): Promise<Env | undefined> {
  redisAnswers ??= pingRedis()
  if (!await redisAnswers) {
    if (process.env.CI === 'true' || process.env.REQUIRE_REDIS === '1') {
      t.fail(`Redis is required here but does not answer at ${REDIS_URL}`)
    } else {
      t.plan(0, `no Redis at ${REDIS_URL}`)
    }
    return undefined
  }
  const prefix = `siwe-test:${randomBytes(6).toString('hex')}:`
  t.teardown(async () => {
    const client = new Redis(REDIS_URL)
    const keys = await client.keys(`${prefix}*`)
    if (keys.length > 0) await client.del(...keys)
    await client.quit()
  })
  return { REDIS_URL, REDIS_KEY_PREFIX: prefix }
}

/** Runs `fn` once for each store: memory, then the real Redis. */
export function forEachStore (t: Test, name: string, fn: (t: Test, env: Env) => Promise<void>): void {
  t.test(`${name} (memory store)`, async t => fn(t, {}))
  t.test(`${name} (Redis store)`, async t => {
    const env = await redisEnv(t)
    if (env !== undefined) await fn(t, env)
  })
}

export type Cookies = Record<string, string>

/** The cookies a response sets, to send with the next request (as a browser would). */
export function cookiesOf (res: LightMyRequestResponse, jar: Cookies = {}): Cookies {
  const next = { ...jar }
  for (const c of res.cookies as Array<{ name: string, value: string, expires?: Date }>) {
    if (c.value === '' || (c.expires !== undefined && c.expires.getTime() <= Date.now())) delete next[c.name]
    else next[c.name] = c.value
  }
  return next
}

export async function getNonce (app: FastifyInstance, cookies: Cookies = {}): Promise<{ nonce: string, cookies: Cookies }> {
  const res = await app.inject({ url: '/nonce', cookies })
  if (res.statusCode !== 200) throw new Error(`GET /nonce answered ${res.statusCode}: ${res.body}`)
  return { nonce: res.body, cookies: cookiesOf(res, cookies) }
}

export type MessageFields = Partial<ConstructorParameters<typeof SiweMessage>[0] & object>

/** An EIP-4361 message as the quickstart's frontend builds it, with `fields` changed. */
export function messageText (address: string, nonce: string, fields: MessageFields = {}): string {
  return new SiweMessage({
    domain: DOMAIN,
    address,
    statement: 'Sign in with Ethereum to the app.',
    uri: ORIGIN,
    version: '1',
    chainId: 1,
    nonce,
    issuedAt: new Date().toISOString(),
    ...fields
  }).prepareMessage()
}

export function postVerify (app: FastifyInstance, cookies: Cookies, message: string, signature: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/verify',
    headers: { origin: ORIGIN, ...headers },
    cookies,
    payload: { message, signature }
  })
}

/** Anything that signs like a wallet (an ethers Wallet or HDNodeWallet). */
export interface Signer {
  address: string
  signMessage: (message: string) => Promise<string>
}

/** The whole sign-in: nonce, message, real signature, verify. Returns the signed-in cookies. */
export async function signIn (app: FastifyInstance, wallet: Signer = Wallet.createRandom(), fields: MessageFields = {}): Promise<Cookies> {
  const { nonce, cookies } = await getNonce(app)
  const message = messageText(wallet.address, nonce, fields)
  const res = await postVerify(app, cookies, message, await wallet.signMessage(message))
  if (res.statusCode !== 200) throw new Error(`POST /verify answered ${res.statusCode}: ${res.body}`)
  return cookiesOf(res, cookies)
}
