import t from 'tap'
import { Redis } from 'ioredis'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { Wallet } from 'ethers'
import { build, cookiesOf, getNonce, messageText, ORIGIN, redisEnv, signIn, type Env } from '../helper.js'
import { RedisProcess } from '../redis-server.js'

const nonceFrom = (app: FastifyInstance, headers: Record<string, string> = {}, remoteAddress?: string): Promise<LightMyRequestResponse> =>
  app.inject({ url: '/nonce', headers, ...(remoteAddress === undefined ? {} : { remoteAddress }) })

async function statuses (app: FastifyInstance, n: number, headers: Record<string, string> = {}): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push((await nonceFrom(app, headers)).statusCode)
  return out
}

t.test('the limit, its answer and its reset (memory store)', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '3' })
  t.same(await statuses(app, 3), [200, 200, 200])
  const res = await nonceFrom(app, { origin: ORIGIN })
  t.equal(res.statusCode, 429)
  t.same(res.json(), { statusCode: 429, code: 'rate_limited', error: 'Too Many Requests', message: 'Too many requests, retry in 1 minute' })
  t.equal(res.headers['retry-after'], '60')
  t.equal(res.headers['x-ratelimit-limit'], '3')
  t.equal(res.headers['cache-control'], 'no-store')
  t.equal(res.headers['access-control-allow-origin'], ORIGIN, 'a frontend can read the 429')
  t.equal(res.headers['access-control-expose-headers'], 'Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset',
    'and its Retry-After and counts')
  t.notOk(res.headers['set-cookie'], 'a refused request creates no session')

  const verify = await app.inject({ method: 'POST', url: '/verify', headers: { origin: ORIGIN }, payload: {} })
  t.equal(verify.statusCode, 422, '/verify counts apart from /nonce')
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'other routes are not limited')
  t.equal((await nonceFrom(app, {}, '10.0.0.2')).statusCode, 200, 'another client has its own count')

  // The window passes (the memory counters read the clock).
  const now = Date.now
  Date.now = () => now() + 61_000
  t.teardown(() => { Date.now = now })
  t.equal((await nonceFrom(app)).statusCode, 200, 'a new window after a minute')
})

t.test('/verify is limited too', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '2' })
  const post = (): Promise<LightMyRequestResponse> => app.inject({ method: 'POST', url: '/verify', headers: { origin: ORIGIN }, payload: {} })
  t.equal((await post()).statusCode, 422)
  t.equal((await post()).statusCode, 422)
  const res = await post()
  t.equal(res.statusCode, 429)
  t.match(res.json(), { code: 'rate_limited' })
})

t.test('RATE_LIMIT_MAX=0 turns the limit off', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '0' })
  const results = await statuses(app, 70)
  t.ok(results.every(s => s === 200), '70 nonces in a minute')
  t.notOk((await nonceFrom(app)).headers['x-ratelimit-limit'])
})

t.test('RATE_LIMIT_MAX=0 with Redis turns the limit off too', async (t) => {
  const env = await redisEnv(t)
  if (env === undefined) return
  const app = await build(t, { ...env, RATE_LIMIT_MAX: '0' })
  const results = await statuses(app, 70)
  t.ok(results.every(s => s === 200), '70 nonces in a minute')
  t.ok(await signIn(app), 'and a sign-in works')
})

for (const trustProxy of ['true', '1', '127.0.0.1']) {
  t.test(`client IPs behind a trusted gateway (TRUST_PROXY=${trustProxy}), IPv6 by /64`, async (t) => {
    const app = await build(t, { RATE_LIMIT_MAX: '1', TRUST_PROXY: trustProxy })
    const from = (ip: string): Record<string, string> => ({ 'x-forwarded-for': ip })
    t.equal((await nonceFrom(app, from('203.0.113.1'))).statusCode, 200)
    t.equal((await nonceFrom(app, from('203.0.113.1'))).statusCode, 429)
    t.equal((await nonceFrom(app, from('203.0.113.2'))).statusCode, 200, 'another forwarded client, another bucket')
    t.equal((await nonceFrom(app, from('2001:db8:1:2::1'))).statusCode, 200)
    t.equal((await nonceFrom(app, from('2001:db8:1:2:ffff:ffff:ffff:5'))).statusCode, 429, 'the same /64 is one client')
    t.equal((await nonceFrom(app, from('2001:db8:1:3::1'))).statusCode, 200, 'the next /64 is another')
  })
}

t.test('a hop count trusts that many proxies, so a client cannot pick its bucket by adding hops', async (t) => {
  // Two proxies: the gateway (the peer) and, before it, 10.0.0.5, which appends the client's address.
  const app = await build(t, { RATE_LIMIT_MAX: '1', TRUST_PROXY: '2' })
  t.equal((await nonceFrom(app, { 'x-forwarded-for': '203.0.113.1, 10.0.0.5' })).statusCode, 200)
  t.equal((await nonceFrom(app, { 'x-forwarded-for': '198.51.100.99, 203.0.113.1, 10.0.0.5' })).statusCode, 429, 'a made-up first hop is not the client')
  t.equal((await nonceFrom(app, { 'x-forwarded-for': '203.0.113.2, 10.0.0.5' })).statusCode, 200)
})

t.test('without TRUST_PROXY a client cannot pick its bucket', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '1' })
  t.equal((await nonceFrom(app, { 'x-forwarded-for': '203.0.113.1' })).statusCode, 200)
  t.equal((await nonceFrom(app, { 'x-forwarded-for': '203.0.113.2' })).statusCode, 429, 'X-Forwarded-For is ignored')
})

t.test('two instances share their counters through Redis', async (t) => {
  const redis = await RedisProcess.start(t)
  const env: Env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'shared:', RATE_LIMIT_MAX: '3', TRUST_PROXY: 'true' }
  const a = await build(t, env)
  const b = await build(t, env)
  const client = { 'x-forwarded-for': '198.51.100.7' }
  t.equal((await nonceFrom(a, client)).statusCode, 200)
  t.equal((await nonceFrom(b, client)).statusCode, 200)
  t.equal((await nonceFrom(a, client)).statusCode, 200)
  const res = await nonceFrom(b, client)
  t.equal(res.statusCode, 429, 'the fourth request is refused, whichever instance gets it')
  t.ok(Number(res.headers['retry-after']) > 0 && Number(res.headers['retry-after']) <= 60)
  t.equal((await nonceFrom(a, { 'x-forwarded-for': '198.51.100.8' })).statusCode, 200)

  // The window passes: Redis expires the counters.
  const direct = new Redis(redis.url)
  t.teardown(() => direct.quit())
  const keys = await direct.keys('shared:rate-limit:*')
  t.ok(keys.length >= 1, 'the counters are under the app key prefix')
  for (const key of keys) await direct.pexpire(key, 1)
  await new Promise(resolve => setTimeout(resolve, 20))
  t.equal((await nonceFrom(b, client)).statusCode, 200, 'a new window once Redis expired the counter')
})

t.test('a /verify refused by the limit spends no nonce: the session can still sign in from another address', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '1' })
  const wallet = Wallet.createRandom()
  const verify = async (cookies: Record<string, string>, message: string, remoteAddress: string): Promise<LightMyRequestResponse> =>
    await app.inject({ method: 'POST', url: '/verify', headers: { origin: ORIGIN }, cookies, remoteAddress, payload: { message, signature: await wallet.signMessage(message) } })
  // The client's one /verify of the minute, spent on a session of its own.
  const other = await getNonce(app)
  t.equal((await verify(other.cookies, messageText(wallet.address, other.nonce), '127.0.0.1')).statusCode, 200)
  const issued = await app.inject({ url: '/nonce', remoteAddress: '127.0.0.2' })
  const cookies = cookiesOf(issued, {})
  const message = messageText(wallet.address, issued.body)
  t.equal((await verify(cookies, message, '127.0.0.1')).statusCode, 429, 'refused by the limit')
  t.equal((await verify(cookies, message, '127.0.0.3')).statusCode, 200, 'the nonce was still live')
})
