import t from 'tap'
import { Wallet } from 'ethers'
import { build, getNonce, messageText, ORIGIN, postVerify, signIn } from '../helper.js'

const wallet = Wallet.createRandom()

t.test('CORS answers the allowed origins only, with credentials, on successes and errors', async t => {
  const app = await build(t, { ALLOWED_ORIGINS: 'http://localhost:8080, https://app.example' })
  for (const origin of ['http://localhost:8080', 'https://app.example']) {
    for (const url of ['/nonce', '/me', '/healthz', '/no-such-route']) {
      const res = await app.inject({ url, headers: { origin } })
      t.equal(res.headers['access-control-allow-origin'], origin, `${origin} ${url} (${res.statusCode})`)
      t.equal(res.headers['access-control-allow-credentials'], 'true')
      t.match(res.headers.vary, /Origin/)
    }
  }
  for (const origin of ['https://evil.example', 'null', 'http://localhost:8081', 'https://localhost:8080', 'http://LOCALHOST:8080']) {
    for (const url of ['/nonce', '/me']) {
      const res = await app.inject({ url, headers: { origin } })
      t.equal(res.headers['access-control-allow-origin'], undefined, `no grant for ${origin} ${url}`)
      t.equal(res.headers['access-control-allow-credentials'], undefined)
    }
  }
})

t.test('preflights are answered for allowed origins only', async t => {
  const app = await build(t)
  const ok = await app.inject({
    method: 'OPTIONS',
    url: '/verify',
    headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
  })
  t.equal(ok.statusCode, 204)
  t.equal(ok.headers['access-control-allow-origin'], ORIGIN)
  t.equal(ok.headers['access-control-allow-credentials'], 'true')
  t.match(ok.headers['access-control-allow-methods'], /POST/)
  t.match(ok.headers['access-control-allow-headers'], /content-type/i)
  const refused = await app.inject({
    method: 'OPTIONS',
    url: '/verify',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' }
  })
  t.equal(refused.headers['access-control-allow-origin'], undefined)
  t.equal(refused.statusCode, 403, 'refused for its origin, not as an unknown route')
  t.equal(refused.json().code, 'forbidden_origin')
  const refusedAnywhere = await app.inject({ method: 'OPTIONS', url: '/no-such-route', headers: { origin: 'null', 'access-control-request-method': 'GET' } })
  t.same([refusedAnywhere.statusCode, refusedAnywhere.json().code, refusedAnywhere.headers['access-control-allow-origin']], [403, 'forbidden_origin', undefined])
  t.equal((await app.inject({ method: 'OPTIONS', url: '/no-such-route' })).statusCode, 404, 'an OPTIONS without Origin is no preflight')
  // An OPTIONS that names no method is no error of the contract's kind: it is answered as a preflight.
  const bare = await app.inject({ method: 'OPTIONS', url: '/verify', headers: { origin: ORIGIN } })
  t.equal(bare.statusCode, 204)
  t.equal(bare.headers['access-control-allow-origin'], ORIGIN)
  const bareForeign = await app.inject({ method: 'OPTIONS', url: '/verify', headers: { origin: 'https://evil.example' } })
  t.equal(bareForeign.headers['access-control-allow-origin'], undefined)
  t.equal(bareForeign.statusCode, 403)
})

t.test('POST /verify from a foreign origin is refused before anything changes', async t => {
  const app = await build(t)
  const { nonce, cookies } = await getNonce(app)
  const message = messageText(wallet.address, nonce)
  const signature = await wallet.signMessage(message)
  for (const origin of ['https://evil.example', 'null']) {
    const res = await postVerify(app, cookies, message, signature, { origin })
    t.equal(res.statusCode, 403)
    t.same(res.json(), { statusCode: 403, code: 'forbidden_origin', error: 'Forbidden', message: res.json().message })
  }
  const oversized = await app.inject({
    method: 'POST', url: '/verify', headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, payload: 'x'.repeat(20_000)
  })
  t.equal(oversized.statusCode, 403, 'refused before the body is read')
  const res = await postVerify(app, cookies, message, signature)
  t.equal(res.statusCode, 200, 'the nonce was not consumed by the refused requests')
  const noOrigin = await app.inject({ method: 'POST', url: '/verify', cookies, payload: { message, signature } })
  t.match(noOrigin.json(), { code: 'nonce_mismatch' }, 'a request without Origin (not a browser) is not refused by the CSRF check')
})

t.test('POST /logout from a foreign origin is refused and the session lives on', async t => {
  const app = await build(t)
  const cookies = await signIn(app, wallet)
  const res = await app.inject({ method: 'POST', url: '/logout', cookies, headers: { origin: 'https://evil.example' } })
  t.equal(res.statusCode, 403)
  t.match(res.json(), { code: 'forbidden_origin' })
  t.equal(res.cookies.length, 0)
  t.equal((await app.inject({ url: '/me', cookies })).statusCode, 200)
})
