import t from 'tap'
import { Wallet } from 'ethers'
import { build, getNonce, ORIGIN, signIn } from '../helper.js'
import { freePort, startRedis, stopRedis } from '../redis-process.js'

const wallet = Wallet.createRandom()

t.test('the service starts while Redis is down, answers 503, and recovers by itself', async t => {
  const port = await freePort()
  const app = await build(t, { REDIS_URL: `redis://127.0.0.1:${port}` })
  for (const request of [{ url: '/nonce' }, { method: 'POST' as const, url: '/verify', payload: { message: 'm', signature: '0x00' } }]) {
    const res = await app.inject({ ...request, headers: { origin: ORIGIN } })
    t.same(res.json(), { statusCode: 503, code: 'store_unavailable', error: 'Service Unavailable', message: 'The session store is unavailable, try again shortly' }, request.url)
    t.equal(res.headers['access-control-allow-origin'], ORIGIN)
  }
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, '/healthz does not depend on the store')
  const forged = await app.inject({ url: '/me', cookies: { 'siwe-session': 'forged.cookie' } })
  t.equal(forged.statusCode, 401, 'a cookie whose signature fails needs no store to be refused')

  await startRedis(t, port)
  let ready = false
  for (let i = 0; i < 60 && !ready; i++) {
    await new Promise(resolve => setTimeout(resolve, 100))
    ready = app.redis?.status === 'ready'
  }
  t.ok(ready, 'the client reconnected')
  const cookies = await signIn(app, wallet)
  t.equal((await app.inject({ url: '/me', cookies })).statusCode, 200, 'signs in once Redis is back')
})

t.test('Redis going away: 503s, no sign-in, no logout that claims success, and a clean close', async t => {
  const port = await freePort()
  const redis = await startRedis(t, port)
  const app = await build(t, { REDIS_URL: `redis://127.0.0.1:${port}` })
  const cookies = await signIn(app, wallet)
  const waiting = await getNonce(app)
  await stopRedis(redis)

  const me = await app.inject({ url: '/me', cookies })
  t.match(me.json(), { statusCode: 503, code: 'store_unavailable' })
  const out = await app.inject({ method: 'POST', url: '/logout', cookies, headers: { origin: ORIGIN } })
  t.match(out.json(), { statusCode: 503, code: 'store_unavailable' }, 'logout does not claim success')
  t.equal(out.headers['set-cookie'], undefined, 'and does not clear the cookie')
  const verify = await app.inject({ method: 'POST', url: '/verify', cookies: waiting.cookies, headers: { origin: ORIGIN }, payload: { message: 'm', signature: '0x00' } })
  t.match(verify.json(), { statusCode: 503, code: 'store_unavailable' }, 'no sign-in')
  await app.close()
  t.pass('closing with Redis down does not hang or throw')
})
