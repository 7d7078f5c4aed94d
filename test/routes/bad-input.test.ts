import type { InjectOptions } from 'fastify'
import t from 'tap'
import { Wallet } from 'ethers'
import { build, getNonce, messageText, ORIGIN } from '../helper.js'
import { loggedApp } from '../helpers/logged-app.js'

const post = (payload: string, contentType = 'application/json', cookies = {}): InjectOptions =>
  ({ method: 'POST', url: '/verify', headers: { origin: ORIGIN, 'content-type': contentType }, payload, cookies })

t.test('bodies are validated without coercion: 422 invalid_request', async t => {
  const app = await build(t)
  const bodies = [
    { message: 42, signature: '0x00' },
    { message: 'hello', signature: 42 },
    { message: ['a'], signature: '0x00' },
    { message: null, signature: '0x00' },
    { message: true, signature: '0x00' },
    { message: 'hello' },
    { signature: '0x00' },
    { message: '', signature: '0x00' },
    { message: 'hello', signature: 'not hex' },
    { message: 'hello', signature: '0x0' },
    { message: 'hello', signature: '0x' },
    { message: 'hello', signature: '0x00', extra: true },
    [],
    'a string',
    42,
    null
  ]
  for (const body of bodies) {
    const res = await app.inject(post(JSON.stringify(body)))
    t.equal(res.statusCode, 422, JSON.stringify(body))
    t.same(Object.keys(res.json()).sort(), ['code', 'error', 'message', 'statusCode'])
    t.match(res.json(), { statusCode: 422, code: 'invalid_request', error: 'Unprocessable Entity' })
  }
  const empty = await app.inject({ method: 'POST', url: '/verify', headers: { 'content-type': 'application/json' } })
  t.match(empty.json(), { statusCode: 422, code: 'invalid_request' }, 'an empty JSON body')
  const none = await app.inject({ method: 'POST', url: '/verify' })
  t.match(none.json(), { statusCode: 422, code: 'invalid_request' }, 'no body at all')
})

t.test('a body with a __proto__ or constructor key is JSON with an extra property: 422, and no prototype is touched', async t => {
  const { app, lines } = await loggedApp(t, {})
  const wallet = Wallet.createRandom()
  // A signed sign-in's body, as JSON members, for a fresh nonce of the session.
  const signedFields = async (cookies?: Record<string, string>): Promise<{ fields: string, cookies: Record<string, string> }> => {
    const fresh = await getNonce(app, cookies)
    const message = messageText(wallet.address, fresh.nonce)
    return { fields: JSON.stringify({ message, signature: await wallet.signMessage(message) }).slice(1), cookies: fresh.cookies }
  }
  for (const extra of ['"__proto__":{"polluted":true},', '"constructor":{"prototype":{"polluted":true}},']) {
    const { fields, cookies } = await signedFields()
    const res = await app.inject(post(`{${extra}${fields}`, 'application/json', cookies))
    t.match(res.json(), { statusCode: 422, code: 'invalid_request', message: /additional properties/ }, extra)
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype is as it was')
  const { fields, cookies } = await signedFields()
  t.equal((await app.inject(post(`{${fields}`, 'application/json', cookies))).statusCode, 200, 'and without the key, such a body signs in')
  t.notOk(lines.some(line => line.level as number >= 50), 'nothing logged as an error')
})

t.test('a body that is not JSON is 415; one over 16 KiB is 413', async t => {
  const app = await build(t)
  const text = await app.inject(post('message=hi&signature=0x00', 'application/x-www-form-urlencoded'))
  t.match(text.json(), { statusCode: 415, code: 'unsupported_media_type', error: 'Unsupported Media Type' })
  const plain = await app.inject(post('hello', 'text/plain'))
  t.match(plain.json(), { statusCode: 415, code: 'unsupported_media_type' })
  for (const broken of ['{', '{"message": "a",}', 'not json']) {
    const res = await app.inject(post(broken))
    t.match(res.json(), { statusCode: 415, code: 'invalid_json' }, broken)
  }
  const big = await app.inject(post(JSON.stringify({ message: 'x'.repeat(16 * 1024), signature: '0x00' })))
  t.match(big.json(), { statusCode: 413, code: 'payload_too_large', error: 'Payload Too Large' })
  const limit = await app.inject(post(JSON.stringify({ message: 'x'.repeat(8000), signature: '0x00' })))
  t.equal(limit.statusCode, 422, 'under the limit the body is read and validated')
})

t.test('unknown routes and methods', async t => {
  const app = await build(t)
  const res = await app.inject({ url: '/nope?secret=1' })
  t.same(res.json(), { statusCode: 404, code: 'not_found', error: 'Not Found', message: 'Route GET /nope not found' })
  const method = await app.inject({ method: 'DELETE', url: '/nonce' })
  t.match(method.json(), { statusCode: 404, code: 'not_found' })
  const badUrl = await app.inject({ url: '/%zz' })
  t.match(badUrl.json(), { statusCode: 400, code: 'bad_request', error: 'Bad Request' })
  t.equal(badUrl.headers['access-control-allow-origin'], undefined, 'no origin, no grant')
  // Refused before routing, so before the CORS hook: the grant is given all the same.
  const badUrlAllowed = await app.inject({ url: '/%zz', headers: { origin: ORIGIN } })
  t.match(badUrlAllowed, { statusCode: 400, headers: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true', vary: 'Origin' } })
  const badUrlForeign = await app.inject({ url: '/%zz', headers: { origin: 'https://evil.example' } })
  t.equal(badUrlForeign.headers['access-control-allow-origin'], undefined)
  // A HEAD would make a nonce and a session that nobody reads, under a rate limit of its own.
  const head = await app.inject({ method: 'HEAD', url: '/nonce', headers: { origin: ORIGIN } })
  t.equal(head.statusCode, 404)
  t.equal(head.headers['set-cookie'], undefined)
  t.equal((await app.inject({ method: 'HEAD', url: '/healthz' })).statusCode, 200, 'read-only routes keep HEAD')
})

t.test('an unexpected error is a generic 500 that echoes nothing, and is logged as an error with its stack', async t => {
  const { app, lines } = await loggedApp(t, {}, 'info', (app) => {
    app.get('/boom', async () => { throw new Error('connection string redis://:hunter2@db') })
  })
  const res = await app.inject({ url: '/boom' })
  t.same(res.json(), { statusCode: 500, code: 'internal_error', error: 'Internal Server Error', message: 'Internal server error' })
  t.match(lines.find(line => line.msg === 'request failed'), { level: 50, code: 'internal_error', err: { stack: /^Error: connection string/ } })
})

t.test('another library\'s errors are not taken for ours, and any 4xx status gets the contract\'s body', async t => {
  const { app } = await loggedApp(t, {}, 'info', (app) => {
    // A code the contract also uses, without a status: an internal error, not `expired`.
    app.get('/foreign', async () => { throw Object.assign(new Error('token expired'), { code: 'EXPIRED' }) })
    app.get('/foreign-401', async () => { throw Object.assign(new Error('no'), { code: 'NONCE_MISMATCH', statusCode: 401 }) })
    // A status Node has no reason phrase for, as a proxy library might use.
    app.get('/499', async () => { throw Object.assign(new Error('client closed the request'), { statusCode: 499 }) })
  })
  t.same((await app.inject({ url: '/foreign' })).json(), { statusCode: 500, code: 'internal_error', error: 'Internal Server Error', message: 'Internal server error' })
  t.same((await app.inject({ url: '/foreign-401' })).json(), { statusCode: 401, code: 'unauthorized', error: 'Unauthorized', message: 'no' })
  t.same((await app.inject({ url: '/499' })).json(), { statusCode: 499, code: 'client_error', error: 'Client Error', message: 'client closed the request' })
})

// A small deterministic PRNG, so a failure can be replayed.
function prng (seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
}

t.test('fuzz: hundreds of malformed bodies and messages get only 4xx; the one right sign-in among them a 200', async t => {
  const app = await build(t, { RATE_LIMIT_MAX: '0' }) // every attempt reaches the checks
  const wallet = Wallet.createRandom()
  const random = prng(4361)
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T
  const { nonce, cookies } = await getNonce(app)
  const good = messageText(wallet.address, nonce)
  const signature = await wallet.signMessage(good)
  const junk = ['', '\n', '\r\n', '\u0000', '\u202e', '💥', 'Nonce: ', ':', ' wants you to sign in', '0x', 'Chain ID: 99999999999999999999', 'URI: ::', '- ', 'Version: 2']

  const mutate = (text: string): string => {
    const lines = text.split('\n')
    const i = Math.floor(random() * lines.length)
    switch (Math.floor(random() * 6)) {
      case 0: lines.splice(i, 1); break
      case 1: lines.splice(i, 0, pick(junk)); break
      case 2: lines[i] = (lines[i] ?? '') + pick(junk); break
      case 3: lines[i] = (lines[i] ?? '').toUpperCase(); break
      case 4: return text.slice(0, Math.floor(random() * text.length))
      default: return text.replace(/\n/g, '\r\n')
    }
    return lines.join('\n')
  }

  const statuses = new Map<number, number>()
  for (let i = 0; i < 300; i++) {
    let payload: string
    let contentType = 'application/json'
    switch (i % 4) {
      case 0: payload = JSON.stringify({ message: mutate(good), signature }); break
      case 1: payload = JSON.stringify({ message: mutate(mutate(good)), signature: pick([signature, '0x00', `0x${'ff'.repeat(65)}`, signature.slice(0, 20)]) }); break
      case 2: payload = JSON.stringify({ message: pick([good, 42, null, {}, []]), signature: pick([signature, 1, null, '0x']) }); break
      default:
        payload = good.slice(0, Math.floor(random() * 100)) + pick(junk)
        contentType = pick(['application/json', 'text/plain', 'application/json; charset=utf-16', 'multipart/form-data'])
    }
    const res = await app.inject(post(payload, contentType, cookies))
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
    // Attempts whose text names no nonce, or another, leave the nonce, so the message itself,
    // unchanged or changed in nothing (an empty line upper-cased), may sign in, once.
    if (res.statusCode === 200 && contentType === 'application/json' && JSON.parse(payload).message === good) continue
    if (res.statusCode < 400 || res.statusCode >= 500) t.fail(`status ${res.statusCode} for ${payload.slice(0, 80)}`)
    else if (typeof res.json().code !== 'string') t.fail(`no code for ${payload.slice(0, 80)}`)
  }
  t.comment(`statuses: ${JSON.stringify([...statuses].sort())}`)
  t.ok([...statuses].every(([s, n]) => (s >= 400 && s < 500) || (s === 200 && n === 1)), 'every reply is a 4xx, but for one sign-in')
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'the service is still up')
})
