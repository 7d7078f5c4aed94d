import t from 'tap'
import { loggedApp } from '../helpers/logged-app.js'

const reqIdsOf = (lines: Array<Record<string, unknown>>): unknown[] => lines.filter(l => l.msg === 'incoming request').map(l => l.reqId)

t.test('request IDs: a trusted gateway\'s X-Request-Id is kept, anything else gets a UUID', async (t) => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/
  const behind = await loggedApp(t, { TRUST_PROXY: '1' })
  await behind.app.inject({ url: '/healthz', headers: { 'x-request-id': 'gw-7f3a.1:2' } })
  await behind.app.inject({ url: '/healthz', headers: { 'x-request-id': 'no spaces "or quotes"' } })
  await behind.app.inject({ url: '/healthz' })
  const [kept, refused, fresh] = reqIdsOf(behind.lines)
  t.equal(kept, 'gw-7f3a.1:2')
  t.match(refused, uuid)
  t.match(fresh, uuid)

  const direct = await loggedApp(t, {})
  await direct.app.inject({ url: '/healthz', headers: { 'x-request-id': 'chosen-by-client' } })
  t.match(reqIdsOf(direct.lines)[0], uuid, 'without TRUST_PROXY the client cannot choose its ID')

  // Only a request whose connection comes from a trusted proxy brings its ID.
  const headers = { 'x-request-id': 'chosen' }
  const none = await loggedApp(t, { TRUST_PROXY: '0' })
  await none.app.inject({ url: '/healthz', headers })
  t.match(reqIdsOf(none.lines)[0], uuid, 'a hop count of 0 trusts nobody')
  const listed = await loggedApp(t, { TRUST_PROXY: '10.0.0.0/8, loopback' })
  await listed.app.inject({ url: '/healthz', headers, remoteAddress: '10.1.2.3' })
  await listed.app.inject({ url: '/healthz', headers, remoteAddress: '192.0.2.1' })
  await listed.app.inject({ url: '/healthz', headers })
  const [gateway, client, local] = reqIdsOf(listed.lines)
  t.equal(gateway, 'chosen', 'from a listed range')
  t.match(client, uuid, 'a client connecting directly, past the gateway, cannot choose its ID')
  t.equal(local, 'chosen', 'a name: loopback')
})

t.test('production on the in-memory store warns that it is one replica only', async (t) => {
  const prod = await loggedApp(t, { NODE_ENV: 'production' })
  t.ok(prod.lines.some(l => l.level === 40 && /REDIS_URL is not set/.test(String(l.msg))))
  const dev = await loggedApp(t, {})
  t.notOk(dev.lines.some(l => /REDIS_URL is not set/.test(String(l.msg))), 'development stays quiet')
})

t.test('production with COOKIE_SECURE=false warns that the cookie can travel over plain HTTP', async (t) => {
  const warned = (lines: Array<Record<string, unknown>>): boolean => lines.some(l => l.level === 40 && /COOKIE_SECURE=false in production/.test(String(l.msg)))
  t.ok(warned((await loggedApp(t, { NODE_ENV: 'production', COOKIE_SECURE: 'false' })).lines))
  t.notOk(warned((await loggedApp(t, { NODE_ENV: 'production' })).lines), 'Secure, as production makes it by default: quiet')
  t.notOk(warned((await loggedApp(t, { COOKIE_SECURE: 'false' })).lines), 'development: quiet')
})

t.test('readiness on the memory store', async (t) => {
  const { app } = await loggedApp(t, {})
  const ready = await app.inject({ url: '/readyz' })
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ready' })
  t.equal(ready.headers['cache-control'], 'no-store')
  t.not(ready.headers.connection, 'close', 'connections are kept while running')
})
