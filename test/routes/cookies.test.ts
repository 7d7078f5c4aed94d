import t, { type Test } from 'tap'
import { Wallet } from 'ethers'
import type { MemoryNonceStore } from '../../src/stores/memory-nonce-store.js'
import type { MemorySessionStore } from '../../src/stores/memory-session-store.js'
import { build, cookiesOf, getNonce, messageText, ORIGIN, postVerify, type Env } from '../helper.js'

const wallet = Wallet.createRandom()

async function setCookies (t: Test, env: Env): Promise<{ nonce: string, signedIn: string, logout: string }> {
  const app = await build(t, env)
  const first = await app.inject({ url: '/nonce' })
  const cookies = cookiesOf(first)
  const message = messageText(wallet.address, first.body)
  const verified = await postVerify(app, cookies, message, await wallet.signMessage(message))
  const out = await app.inject({ method: 'POST', url: '/logout', headers: { origin: ORIGIN }, cookies: cookiesOf(verified, cookies) })
  return {
    nonce: first.headers['set-cookie'] as string,
    signedIn: verified.headers['set-cookie'] as string,
    logout: out.headers['set-cookie'] as string
  }
}

t.test('the session cookie: HttpOnly, Path=/, SameSite=Lax, not Secure in development', async t => {
  const { nonce, signedIn, logout } = await setCookies(t, {})
  for (const header of [nonce, signedIn, logout]) {
    t.match(header, /^siwe-session=/)
    t.match(header, /; HttpOnly/)
    t.match(header, /; Path=\//)
    t.match(header, /; SameSite=Lax/)
    t.notMatch(header, /Secure/)
  }
  const expires = (header: string): number => Date.parse(/Expires=([^;]+)/.exec(header)?.[1] ?? '')
  t.ok(Math.abs(expires(nonce) - (Date.now() + 300_000)) < 5_000, 'a waiting session lives as long as its nonce')
  t.ok(Math.abs(expires(signedIn) - (Date.now() + 86_400_000)) < 5_000, 'a signed-in one SESSION_TTL_SECONDS')
  t.ok(expires(logout) <= Date.now(), 'logout expires it')
})

t.test('Secure in production, SameSite and the name as configured', async t => {
  const production = await setCookies(t, { NODE_ENV: 'production' })
  for (const header of [production.nonce, production.signedIn, production.logout]) {
    t.equal(header.match(/; Secure/g)?.length, 1, 'exactly one Secure attribute')
  }
  // A __Host- name needs Secure (src/config.ts refuses it without), and Path=/ with no Domain.
  const strict = await setCookies(t, { COOKIE_SAMESITE: 'strict', SESSION_COOKIE_NAME: '__Host-siwe', COOKIE_SECURE: 'true' })
  t.match(strict.signedIn, /^__Host-siwe=.*; Path=\/;.*; Secure; SameSite=Strict/)
  t.notMatch(strict.signedIn, /Domain=/i)
  const none = await setCookies(t, { COOKIE_SAMESITE: 'none', COOKIE_SECURE: 'true' })
  t.match(none.signedIn, /; SameSite=None/)
  t.match(none.signedIn, /; Secure/)
})

t.test('a request that stores nothing makes no session and sets no cookie', async t => {
  const app = await build(t)
  for (const url of ['/me', '/personal_information', '/healthz']) {
    const res = await app.inject({ url })
    t.equal(res.headers['set-cookie'], undefined, url)
  }
  const sessions = app.sessions as MemorySessionStore
  const nonces = app.nonces as MemoryNonceStore
  t.equal(sessions.size + nonces.size, 0, 'the stores are still empty')
  await getNonce(app)
  t.same([sessions.size, nonces.size], [0, 1], 'a session waiting for its nonce is its nonce only')
})

t.test('a cookie signed with another secret opens nothing', async t => {
  const a = await build(t)
  const b = await build(t, { SESSION_SECRET: 'another-secret-another-secret-123' })
  const { cookies } = await getNonce(a)
  const res = await b.inject({ url: '/me', cookies })
  t.equal(res.statusCode, 401)
})
