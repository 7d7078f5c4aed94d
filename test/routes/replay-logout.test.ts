import t from 'tap'
import { Wallet } from 'ethers'
import { build, cookiesOf, forEachStore, getNonce, messageText, ORIGIN, postVerify, signIn } from '../helper.js'
import { BODY_LIMIT } from '../../src/app.js'

const wallet = Wallet.createRandom()

forEachStore(t, 'a captured message and signature cannot be replayed', async (t, env) => {
  const app = await build(t, env)
  const { nonce, cookies } = await getNonce(app)
  const message = messageText(wallet.address, nonce)
  const signature = await wallet.signMessage(message)
  t.equal((await postVerify(app, cookies, message, signature)).statusCode, 200)

  const sameCookie = await postVerify(app, cookies, message, signature)
  t.match(sameCookie.json(), { statusCode: 401, code: 'nonce_mismatch' }, 'with the same cookie')
  const noCookie = await postVerify(app, {}, message, signature)
  t.match(noCookie.json(), { statusCode: 401, code: 'nonce_mismatch' }, 'with no cookie')
  const fresh = await getNonce(app)
  const freshSession = await postVerify(app, fresh.cookies, message, signature)
  t.match(freshSession.json(), { statusCode: 401, code: 'nonce_mismatch' }, 'with a fresh session (whose nonce is another)')
})

forEachStore(t, 'a nonce is single-use, also when the attempt that presents it fails', async (t, env) => {
  const app = await build(t, env)
  const { nonce, cookies } = await getNonce(app)
  const message = messageText(wallet.address, nonce)

  // Attempts that present no nonce, or not the session's, leave the session's for the real one.
  const garbage = await postVerify(app, cookies, 'not a SIWE message', await wallet.signMessage('x'))
  t.match(garbage.json(), { statusCode: 422, code: 'invalid_message' })
  const made = messageText(wallet.address, `${nonce}x`)
  t.match((await postVerify(app, cookies, made, await wallet.signMessage(made))).json(), { statusCode: 401, code: 'nonce_mismatch' }, 'a made-up nonce')
  const madeNotHex = await postVerify(app, cookies, made, 'not a signature')
  t.match(madeNotHex.json(), { statusCode: 422, code: 'invalid_request' }, 'a made-up nonce in a body that fails its schema')
  const notText = await app.inject({ method: 'POST', url: '/verify', headers: { origin: ORIGIN }, cookies, payload: { message: 42, signature: '0x00' } })
  t.match(notText.json(), { statusCode: 422, code: 'invalid_request' }, 'no text at all')
  t.equal((await postVerify(app, cookies, message, await wallet.signMessage(message))).statusCode, 200, 'none of them spent the nonce')

  // One that presents it, and fails, spends it: by its body's schema, its text, its signature, or a field.
  for (const [name, text, signature, code] of [
    ['a body that fails its schema', (n: string) => messageText(wallet.address, n), 'not a signature', 'invalid_request'],
    ['a text that does not parse', (n: string) => messageText(wallet.address, n).replace('Version: 1', 'Version: 2'), '0x00', 'invalid_message']
  ] as const) {
    const next = await getNonce(app, cookies)
    t.match((await postVerify(app, next.cookies, text(next.nonce), signature)).json(), { statusCode: 422, code }, name)
    const real = messageText(wallet.address, next.nonce)
    t.match((await postVerify(app, next.cookies, real, await wallet.signMessage(real))).json(), { code: 'nonce_mismatch' }, `${name}: its Nonce line named the nonce, which is spent`)
  }
  const second = await getNonce(app, cookies)
  const badSig = await postVerify(app, second.cookies, messageText(wallet.address, second.nonce), `0x${'11'.repeat(65)}`)
  t.match(badSig.json(), { code: 'invalid_signature' })
  const retry = messageText(wallet.address, second.nonce)
  t.match((await postVerify(app, second.cookies, retry, await wallet.signMessage(retry))).json(), { code: 'nonce_mismatch' }, 'a failed attempt used the nonce up')
  const third = await getNonce(app, cookies)
  const elsewhere = messageText(wallet.address, third.nonce, { domain: 'evil.example' })
  t.match((await postVerify(app, third.cookies, elsewhere, await wallet.signMessage(elsewhere))).json(), { code: 'domain_mismatch' })
  const right = messageText(wallet.address, third.nonce)
  t.match((await postVerify(app, third.cookies, right, await wallet.signMessage(right))).json(), { code: 'nonce_mismatch' }, 'a field check failed, and the nonce is used up')
  const noSession = await postVerify(app, {}, right, 'not a signature')
  t.match(noSession.json(), { statusCode: 422, code: 'invalid_request' }, 'without a session there is no nonce to spend')

  // A body that is no JSON document presents no message: the nonce stays for the real attempt.
  const fourth = await getNonce(app, cookies)
  const kept = messageText(wallet.address, fourth.nonce)
  for (const [payload, statusCode] of [['', 422], ['{ not json', 415]] as const) {
    const res = await app.inject({ method: 'POST', url: '/verify', headers: { origin: ORIGIN, 'content-type': 'application/json' }, cookies: fourth.cookies, payload })
    t.equal(res.statusCode, statusCode, JSON.stringify(payload))
  }
  t.equal((await postVerify(app, fourth.cookies, kept, await wallet.signMessage(kept))).statusCode, 200, 'a body that is no JSON document spends nothing')
})

forEachStore(t, 'nonces are bound to their session, and a newer one replaces the older', async (t, env) => {
  const app = await build(t, env)
  const a = await getNonce(app)
  const b = await getNonce(app)
  t.not(a.nonce, b.nonce)
  const messageA = messageText(wallet.address, a.nonce)
  const stolen = await postVerify(app, b.cookies, messageA, await wallet.signMessage(messageA))
  t.match(stolen.json(), { code: 'nonce_mismatch' }, "another session's nonce is refused")

  const first = await getNonce(app)
  const second = await getNonce(app, first.cookies)
  t.same(second.cookies, first.cookies, 'the same session asks again')
  const old = messageText(wallet.address, first.nonce)
  t.match((await postVerify(app, first.cookies, old, await wallet.signMessage(old))).json(), { code: 'nonce_mismatch' }, 'the older nonce is gone')
  const current = messageText(wallet.address, second.nonce)
  t.equal((await postVerify(app, first.cookies, current, await wallet.signMessage(current))).statusCode, 200, 'the newer one works, also after the older was tried')
})

forEachStore(t, 'a nonce expires after NONCE_TTL_SECONDS', async (t, env) => {
  const app = await build(t, { ...env, NONCE_TTL_SECONDS: '1' })
  const { nonce, cookies } = await getNonce(app)
  await new Promise(resolve => setTimeout(resolve, 1200))
  const message = messageText(wallet.address, nonce)
  t.match((await postVerify(app, cookies, message, await wallet.signMessage(message))).json(), { statusCode: 401, code: 'nonce_mismatch' })
})

forEachStore(t, 'the guarded routes answer 401 without a signed-in session', async (t, env) => {
  const app = await build(t, env)
  const waiting = await getNonce(app)
  for (const cookies of [{}, waiting.cookies, { 'siwe-session': 'forged.value' }]) {
    for (const url of ['/me', '/personal_information']) {
      const res = await app.inject({ url, cookies, headers: { origin: ORIGIN } })
      t.equal(res.statusCode, 401, url)
      t.same(res.json(), { statusCode: 401, code: 'unauthorized', error: 'Unauthorized', message: 'You have to first sign_in' })
      t.equal(res.headers['access-control-allow-origin'], ORIGIN, 'the frontend can read the error')
    }
  }
})

forEachStore(t, 'logout destroys the session: its cookie opens nothing, even replayed', async (t, env) => {
  const app = await build(t, env)
  const signedIn = await signIn(app, wallet)
  t.equal((await app.inject({ url: '/me', cookies: signedIn })).statusCode, 200)

  const out = await app.inject({ method: 'POST', url: '/logout', cookies: signedIn, headers: { origin: ORIGIN } })
  t.equal(out.statusCode, 204)
  t.equal(out.body, '')
  const cleared = out.cookies.find(c => c.name === 'siwe-session')
  t.ok(cleared, 'the cookie is cleared')
  t.equal(cleared?.value, '')
  t.ok((cleared?.expires?.getTime() ?? Infinity) <= Date.now())
  t.same(cookiesOf(out, signedIn), {})

  t.equal((await app.inject({ url: '/me', cookies: signedIn })).statusCode, 401, 'the old cookie replayed')
  t.equal((await app.inject({ url: '/personal_information', cookies: signedIn })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/logout', cookies: signedIn })).statusCode, 204, 'logging out twice')
  t.equal((await app.inject({ method: 'POST', url: '/logout' })).statusCode, 204, 'logging out with no session')

  // The old cookie may still wait for a nonce (its signature is ours), and sign in as anyone's can:
  // with a new ID, so the logged-out one still opens nothing.
  const again = await getNonce(app, signedIn)
  const message = messageText(wallet.address, again.nonce)
  const renewed = await postVerify(app, again.cookies, message, await wallet.signMessage(message))
  t.equal(renewed.statusCode, 200)
  t.not(cookiesOf(renewed)['siwe-session'], signedIn['siwe-session'], 'a new session ID')
  t.equal((await app.inject({ url: '/me', cookies: signedIn })).statusCode, 401, 'the logged-out ID still opens nothing')
})

forEachStore(t, 'logout also drops a nonce the session was waiting with', async (t, env) => {
  const app = await build(t, env)
  const { nonce, cookies } = await getNonce(app)
  t.equal((await app.inject({ method: 'POST', url: '/logout', cookies })).statusCode, 204)
  const message = messageText(wallet.address, nonce)
  t.match((await postVerify(app, cookies, message, await wallet.signMessage(message))).json(), { code: 'nonce_mismatch' })
})

t.test('logout reads no body: whatever a client sends with it, the session ends', async t => {
  const app = await build(t, {})
  const bodies: Array<[string, Record<string, string>, string | undefined]> = [
    ['JSON with no body, as a fetch that sets the header', { 'content-type': 'application/json' }, undefined],
    ['an empty JSON object', { 'content-type': 'application/json' }, '{}'],
    ['JSON that does not parse', { 'content-type': 'application/json' }, '{'],
    ["navigator.sendBeacon's text", { 'content-type': 'text/plain;charset=UTF-8' }, 'bye'],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'],
    ['a multipart form', { 'content-type': 'multipart/form-data; boundary=x' }, '--x--'],
    ['a body with no type', {}, 'bye']
  ]
  for (const [name, headers, payload] of bodies) {
    const signedIn = await signIn(app, wallet)
    const out = await app.inject({ method: 'POST', url: '/logout', cookies: signedIn, headers: { origin: ORIGIN, ...headers }, payload })
    t.equal(out.statusCode, 204, name)
    t.equal((await app.inject({ url: '/me', cookies: signedIn })).statusCode, 401, `${name}: logged out`)
  }

  // A page's form, posted by a browser that sends no Origin, cannot log its users out.
  for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'Text/Plain']) {
    const signedIn = await signIn(app, wallet)
    const form = await app.inject({ method: 'POST', url: '/logout', cookies: signedIn, headers: { 'content-type': type }, payload: 'a=1' })
    t.match(form.json(), { statusCode: 415, code: 'unsupported_media_type' }, `${type} without Origin`)
    t.equal((await app.inject({ url: '/me', cookies: signedIn })).statusCode, 200, `${type} without Origin: still signed in`)
  }
  const scripted = await signIn(app, wallet)
  const json = await app.inject({ method: 'POST', url: '/logout', cookies: scripted, headers: { 'content-type': 'application/json' } })
  t.equal(json.statusCode, 204, 'JSON, which only a script can send (under CORS), needs no Origin')

  const signedIn = await signIn(app, wallet)
  const big = await app.inject({ method: 'POST', url: '/logout', cookies: signedIn, headers: { origin: ORIGIN, 'content-type': 'text/plain' }, payload: 'x'.repeat(BODY_LIMIT + 1) })
  t.match(big, { statusCode: 413 })
  t.match(big.json(), { code: 'payload_too_large' }, 'the body limit holds here too')
  t.equal((await app.inject({ url: '/me', cookies: signedIn })).statusCode, 200, 'and a refused logout changes nothing')
})
