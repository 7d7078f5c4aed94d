import t from 'tap'
import { Wallet } from 'ethers'
import { build, cookiesOf, forEachStore, getNonce, messageText, postVerify, type MessageFields } from '../helper.js'

const wallet = Wallet.createRandom()
const minutes = (n: number): string => new Date(Date.now() + n * 60_000).toISOString()

const uri = (value: string) => (text: string): string => text.replace(/^URI: .*$/m, `URI: ${value}`)

// Each case: a message that differs from a good one in one way, and the code it must get.
const cases: Array<[string, MessageFields | ((text: string) => string), string]> = [
  ['another domain', { domain: 'evil.example' }, 'domain_mismatch'],
  ['the right host on another port', { domain: 'localhost:8081' }, 'domain_mismatch'],
  ['a scheme the allowed origin does not have', { scheme: 'https' }, 'domain_mismatch'],
  ['a scheme that is no web origin\'s', { scheme: 'ftp' }, 'domain_mismatch'],
  ['a URI on another origin', { uri: 'https://evil.example/login' }, 'uri_mismatch'],
  ['a URI whose host only starts like an allowed one', uri('http://localhost.evil.example:8080/'), 'uri_mismatch'],
  ['a URI with userinfo that hides another host', uri('http://localhost:8080@evil.example/'), 'uri_mismatch'],
  ['a URI with userinfo before the allowed host', uri('http://user@localhost:8080/'), 'uri_mismatch'],
  // Each is http://localhost:8080 to a WHATWG URL parser, and none is a URI under that origin.
  ['a URI with the allowed origin but no authority', uri('http:localhost:8080'), 'uri_mismatch'],
  ['a blob URI of the allowed origin', uri('blob:http://localhost:8080/x'), 'uri_mismatch'],
  ['a URI whose host is the allowed one percent-encoded', uri('http://localho%73t:8080/'), 'uri_mismatch'],
  ['a URI that is no URL origin', uri('did:key:z6Mk'), 'uri_mismatch'],
  ['a URI the grammar allows but no URL parser does', uri('http://localhost:99999/'), 'uri_mismatch'],
  ['an expired message', { expirationTime: minutes(-1) }, 'expired'],
  ['a message not valid yet', { notBefore: minutes(5) }, 'not_yet_valid'],
  ['a message issued two minutes ahead', { issuedAt: minutes(2) }, 'issued_in_future']
]

forEachStore(t, 'each failed check has its code', async (t, env) => {
  const app = await build(t, env)
  for (const [name, fields, code] of cases) {
    const { nonce, cookies } = await getNonce(app)
    const message = typeof fields === 'function' ? fields(messageText(wallet.address, nonce)) : messageText(wallet.address, nonce, fields)
    const res = await postVerify(app, cookies, message, await wallet.signMessage(message))
    t.equal(res.statusCode, 401, name)
    t.same(res.json(), { statusCode: 401, code, error: 'Unauthorized', message: res.json().message }, name)
    t.equal(res.cookies.length, 0, `${name}: no session is made`)
  }
})

t.test('a message that names the scheme of its allowed origin signs in, in any case', async t => {
  const app = await build(t)
  for (const scheme of ['http', 'HTTP']) {
    const { nonce, cookies } = await getNonce(app)
    const message = messageText(wallet.address, nonce, { scheme })
    t.match(message, new RegExp(`^${scheme}://localhost:8080 wants you`))
    t.equal((await postVerify(app, cookies, message, await wallet.signMessage(message))).statusCode, 200, scheme)
  }
})

forEachStore(t, 'the signature must be the address\'s signature of the exact text', async (t, env) => {
  const app = await build(t, env)
  const other = Wallet.createRandom()

  let { nonce, cookies } = await getNonce(app)
  let message = messageText(wallet.address, nonce)
  let res = await postVerify(app, cookies, message, await other.signMessage(message))
  t.match(res.json(), { statusCode: 401, code: 'invalid_signature' }, 'signed by another key')

  ;({ nonce, cookies } = await getNonce(app))
  message = messageText(wallet.address, nonce)
  const signature = await wallet.signMessage(message)
  res = await postVerify(app, cookies, message.replace('Sign in with', 'Sign in to'), signature)
  t.match(res.json(), { code: 'invalid_signature' }, 'the statement changed after signing')

  // siwe re-serialises the parsed fields before checking; the exact text received is what counts.
  ;({ nonce, cookies } = await getNonce(app))
  message = messageText(wallet.address, nonce)
  res = await postVerify(app, cookies, message.replace('Chain ID: 1', 'Chain ID: 01'), await wallet.signMessage(message))
  t.match(res.json(), { code: 'invalid_signature' }, 'a signature of "Chain ID: 1" does not cover "Chain ID: 01"')

  for (const bad of ['0x00', `0x${'00'.repeat(65)}`, `0x${'ff'.repeat(65)}`, `${signature.slice(0, -2)}1f`]) {
    ;({ nonce, cookies } = await getNonce(app))
    message = messageText(wallet.address, nonce)
    res = await postVerify(app, cookies, message, bad)
    t.match(res.json(), { statusCode: 401, code: 'invalid_signature' }, `malformed signature ${bad.slice(0, 12)}…`)
  }
})

forEachStore(t, 'chain IDs are limited by SIWE_CHAIN_IDS', async (t, env) => {
  const app = await build(t, { ...env, SIWE_CHAIN_IDS: '10,8453' })
  for (const [chainId, status] of [[1, 401], [10, 200], [8453, 200]] as const) {
    const { nonce, cookies } = await getNonce(app)
    const message = messageText(wallet.address, nonce, { chainId })
    const res = await postVerify(app, cookies, message, await wallet.signMessage(message))
    t.equal(res.statusCode, status, `chain ${chainId}`)
    if (status === 401) t.match(res.json(), { code: 'chain_not_allowed' })
    else t.match(res.json(), { ok: true, chainId })
  }
})

forEachStore(t, 'time rules: skew allowance, expiry and the session\'s end', async (t, env) => {
  const app = await build(t, { ...env, SESSION_TTL_SECONDS: '3600' })

  let { nonce, cookies } = await getNonce(app)
  let message = messageText(wallet.address, nonce, { issuedAt: new Date(Date.now() + 30_000).toISOString() })
  let res = await postVerify(app, cookies, message, await wallet.signMessage(message))
  t.equal(res.statusCode, 200, 'Issued At 30 s ahead is within the allowed clock skew')

  ;({ nonce, cookies } = await getNonce(app))
  // Issued At with an offset and without milliseconds: /me gives it as the message has it.
  const issuedAt = '2026-01-01T12:00:00+02:00'
  message = messageText(wallet.address, nonce, { issuedAt, notBefore: minutes(-1), expirationTime: minutes(10) })
  res = await postVerify(app, cookies, message, await wallet.signMessage(message))
  t.equal(res.statusCode, 200, 'inside Not Before and Expiration Time')
  const me = await app.inject({ url: '/me', cookies: cookiesOf(res, cookies) })
  const expiresAt = Date.parse(me.json().expiresAt)
  t.equal(me.json().issuedAt, issuedAt, 'the message\'s Issued At as written')
  t.ok(Math.abs(expiresAt - (Date.now() + 10 * 60_000)) < 5_000, 'the message\'s Expiration Time ends the session')

  const later = new Date(Date.now() + 7_200_000).toISOString()
  ;({ nonce, cookies } = await getNonce(app))
  message = messageText(wallet.address, nonce, { expirationTime: later })
  res = await postVerify(app, cookies, message, await wallet.signMessage(message))
  const me2 = await app.inject({ url: '/me', cookies: cookiesOf(res, cookies) })
  t.ok(Math.abs(Date.parse(me2.json().expiresAt) - (Date.now() + 3_600_000)) < 5_000, 'SESSION_TTL_SECONDS caps a later expiry')
})

forEachStore(t, 'a session ends with the message\'s Expiration Time', async (t, env) => {
  const app = await build(t, env)
  const { nonce, cookies } = await getNonce(app)
  const message = messageText(wallet.address, nonce, { expirationTime: new Date(Date.now() + 1500).toISOString() })
  const res = await postVerify(app, cookies, message, await wallet.signMessage(message))
  t.equal(res.statusCode, 200)
  const signedIn = cookiesOf(res, cookies)
  t.equal((await app.inject({ url: '/me', cookies: signedIn })).statusCode, 200)
  await new Promise(resolve => setTimeout(resolve, 1700))
  const after = await app.inject({ url: '/me', cookies: signedIn })
  t.equal(after.statusCode, 401)
  t.match(after.json(), { code: 'unauthorized' })
})

forEachStore(t, 'times the grammar lets through but no calendar has are invalid, never "no expiry"', async (t, env) => {
  const app = await build(t, env)
  for (const [field, value] of [['Expiration Time', '2999-02-30T00:00:00Z'], ['Issued At', '2024-13-01T00:00:00Z'], ['Not Before', '2024-01-01T25:00:00Z']]) {
    const { nonce, cookies } = await getNonce(app)
    const good = messageText(wallet.address, nonce, { expirationTime: minutes(10), notBefore: minutes(-10) })
    const message = good.replace(new RegExp(`${field}: .*`), `${field}: ${value}`)
    const res = await postVerify(app, cookies, message, await wallet.signMessage(message))
    t.ok([401, 422].includes(res.statusCode), `${field}: ${value} is refused`)
    t.match(res.json().code, /^(invalid_message|expired|not_yet_valid|issued_in_future)$/)
  }
})

t.test('siwe never gets to print a failure (with the signature) to the console', async t => {
  const app = await build(t)
  const errors = t.capture(console, 'error')
  const warnings = t.capture(console, 'warn')
  const { nonce, cookies } = await getNonce(app)
  const message = messageText(wallet.address, nonce)
  await postVerify(app, cookies, message, `0x${'ab'.repeat(65)}`)
  t.same(errors.args(), [])
  t.same(warnings.args(), [])
})
