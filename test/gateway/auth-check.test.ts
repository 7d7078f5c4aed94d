import t, { type Test } from 'tap'
import { Wallet } from 'ethers'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { build, cookiesOf, ORIGIN, signIn, type Cookies, type Env } from '../helper.js'
import { RedisProcess } from '../redis-server.js'
import type { MemorySessionStore } from '../../src/stores/memory-session-store.js'

const check = (app: FastifyInstance, cookies: Cookies = {}, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> =>
  app.inject({ url: '/auth/check', cookies, headers })

function expectUnauthorized (t: Test, res: Awaited<ReturnType<typeof check>>, label: string): void {
  t.equal(res.statusCode, 401, `${label}: 401`)
  t.match(res.json(), { code: 'unauthorized' }, `${label}: unauthorized`)
  t.notOk(res.headers['x-auth-address'], `${label}: no address`)
  t.equal(res.headers['set-cookie'], undefined, `${label}: no cookie, so no session is created`)
  t.equal(res.headers['cache-control'], 'no-store', `${label}: not cached`)
}

async function cases (t: Test, env: Env): Promise<void> {
  const app = await build(t, env)
  const wallet = new Wallet(Wallet.createRandom().privateKey)
  const cookies = await signIn(app, wallet, { chainId: 10 })

  const res = await check(app, cookies, { 'x-auth-address': '0x0000000000000000000000000000000000000001', 'x-auth-chain-id': '1' })
  t.equal(res.statusCode, 204)
  t.equal(res.headers['x-auth-address'], wallet.address, 'the EIP-55 address of the session, not the client header')
  t.equal(res.headers['x-auth-chain-id'], '10')
  t.equal(res.headers['cache-control'], 'no-store')
  t.notOk(res.headers['set-cookie'], 'the session is left as it is')
  t.equal(res.body, '')

  expectUnauthorized(t, await check(app, {}, { 'x-auth-address': wallet.address }), 'no cookie, a client-sent X-Auth-Address')

  // Forged: another secret's signature, or a changed ID under the real one.
  const other = await build(t, { ...env, SESSION_SECRET: 'o'.repeat(32) })
  expectUnauthorized(t, await check(app, await signIn(other)), 'a cookie signed with another secret')
  const [id, signature] = (cookies['siwe-session'] as string).split('.')
  expectUnauthorized(t, await check(app, { 'siwe-session': `${id}x.${signature}` }), 'a changed session ID')
  expectUnauthorized(t, await check(app, { 'siwe-session': 'not-a-cookie' }), 'garbage')

  const logout = await app.inject({ method: 'POST', url: '/logout', headers: { origin: ORIGIN }, cookies })
  t.equal(logout.statusCode, 204)
  expectUnauthorized(t, await check(app, cookies), 'after logout, the old cookie replayed')

  const expiresAt = Date.now() + 2000
  const shortLived = await signIn(app, wallet, { expirationTime: new Date(expiresAt).toISOString() })
  t.equal((await check(app, shortLived)).statusCode, 204)
  await new Promise(resolve => setTimeout(resolve, expiresAt - Date.now() + 200))
  expectUnauthorized(t, await check(app, shortLived), 'after the message expired')
}

t.test('GET /auth/check (memory store)', async (t) => {
  await cases(t, {})
})

t.test('GET /auth/check (Redis store)', async (t) => {
  const redis = await RedisProcess.start(t)
  await cases(t, { REDIS_URL: redis.url })
})

t.test('GET /auth/check creates no session, whatever the cookie', async (t) => {
  const app = await build(t)
  const store = app.sessions as unknown as MemorySessionStore
  const signedIn = await signIn(app)
  const before = store.size
  for (const cookies of [{}, signedIn, { 'siwe-session': 'forged.cookie' }]) {
    for (let i = 0; i < 3; i++) await check(app, cookies)
  }
  t.equal(store.size, before, 'the store holds no more sessions than before')
  const after = await app.inject({ url: '/me', cookies: signedIn })
  t.equal(after.statusCode, 200)
})

t.test('/auth/check answers the method a gateway forwards (Envoy asks with the original one), ignoring any body', async (t) => {
  const app = await build(t)
  const wallet = Wallet.createRandom()
  const cookies = await signIn(app, wallet)
  const bodies: Array<Record<string, string> & { payload?: string }> = [
    {},
    { 'content-type': 'application/json', payload: '{ not json' },
    { 'content-type': 'application/x-www-form-urlencoded', payload: 'a=1' },
    { 'content-type': 'application/octet-stream', payload: 'binary' }
  ]
  for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
    for (const { payload, ...headers } of bodies) {
      const label = `${method} ${headers['content-type'] ?? 'no body'}`
      const res = await app.inject({ method, url: '/auth/check', cookies, headers, payload })
      t.equal(res.statusCode, 204, label)
      t.equal(res.headers['x-auth-address'], wallet.address, `${label}: the address`)
      // RFC 9110: no Content-Length on a 204 (nor a type for a body it has not got).
      t.equal(res.headers['content-length'], undefined, `${label}: no Content-Length`)
      t.equal(res.headers['content-type'], undefined, `${label}: no Content-Type`)
      const signedOut = await app.inject({ method, url: '/auth/check', headers, payload })
      if (method === 'HEAD') t.equal(signedOut.statusCode, 401, `${label}, signed out: 401, no body`)
      else expectUnauthorized(t, signedOut, `${label}, signed out`)
    }
  }
  // An OPTIONS shaped as a browser's preflight is checked too: a 204 without X-Auth headers would
  // let a gateway pass a client's own X-Auth-Address upstream.
  const preflight = { origin: ORIGIN, 'access-control-request-method': 'POST', 'x-auth-address': wallet.address }
  expectUnauthorized(t, await app.inject({ method: 'OPTIONS', url: '/auth/check', headers: preflight }), 'a preflight-shaped OPTIONS, signed out')
  const checked = await app.inject({ method: 'OPTIONS', url: '/auth/check', cookies, headers: preflight })
  t.equal(checked.statusCode, 204, 'a preflight-shaped OPTIONS, signed in')
  t.equal(checked.headers['x-auth-address'], wallet.address)
  t.equal(checked.headers['access-control-allow-origin'], ORIGIN, 'with the CORS grant, as every reply to an allowed origin')
  t.notOk(checked.headers['access-control-allow-methods'], 'but no preflight answer')
  const big = await app.inject({ method: 'POST', url: '/auth/check', cookies, headers: { 'content-type': 'text/plain' }, payload: 'x'.repeat(17 * 1024) })
  t.match(big.json(), { statusCode: 413, code: 'payload_too_large' }, 'a body over the limit is still refused')
  // The CSRF rule holds for the check too: a gateway that passes on a foreign Origin gets a refusal.
  const foreign = await app.inject({ method: 'POST', url: '/auth/check', cookies, headers: { origin: 'https://evil.example' } })
  t.match(foreign.json(), { statusCode: 403, code: 'forbidden_origin' })
  t.equal((await app.inject({ method: 'POST', url: '/auth/check', cookies, headers: { origin: ORIGIN } })).statusCode, 204, 'an allowed Origin passes')
})

t.test('error replies of session routes are not cached either', async (t) => {
  const app = await build(t)
  const forbidden = await app.inject({ method: 'POST', url: '/logout', headers: { origin: 'http://evil.example' } })
  t.equal(forbidden.statusCode, 403)
  t.equal(forbidden.headers['cache-control'], 'no-store')
  const invalid = await app.inject({ method: 'POST', url: '/verify', headers: { origin: ORIGIN }, payload: { message: 42 } })
  t.equal(invalid.statusCode, 422)
  t.equal(invalid.headers['cache-control'], 'no-store')
  const me = await app.inject({ url: '/me' })
  t.equal(me.headers['cache-control'], 'no-store')
  t.same(cookiesOf(me), {})
})
