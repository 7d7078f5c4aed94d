import t, { type Test } from 'tap'
import { Wallet } from 'ethers'
import { RpcUnavailable, StoreUnavailable } from '../../src/errors.js'
import { signIn, type SignInContext, type SignInRequest } from '../../src/siwe/sign-in.js'
import { schemesByDomain } from '../../src/siwe/check-message.js'
import { MemoryNonceStore } from '../../src/stores/memory-nonce-store.js'
import { MemorySessionStore } from '../../src/stores/memory-session-store.js'
import type { SignedInAccount } from '../../src/stores/session-store.js'
import { messageText, type MessageFields } from '../helper.js'

const wallet = Wallet.createRandom()
const other = Wallet.createRandom()
const NONCE = 'abcdefgh12345678'

/** The memory stores, with the waiting session `waiting` holding NONCE, and each store call logged. */
async function setUp (t: Test, extra: Partial<SignInContext> = {}): Promise<{ context: SignInContext, nonces: MemoryNonceStore, sessions: MemorySessionStore, calls: string[] }> {
  const nonces = new MemoryNonceStore()
  const sessions = new MemorySessionStore()
  t.teardown(() => { nonces.close(); sessions.close() })
  await nonces.issue('waiting', NONCE, 60_000)
  const calls: string[] = []
  const logged = <T extends object>(store: T, name: string): T => new Proxy(store, {
    get: (target, key, receiver) => {
      const value = Reflect.get(target, key, receiver)
      return typeof value === 'function'
        ? (...args: unknown[]) => { calls.push(`${name}.${String(key)} ${String(args[0])}`); return value.apply(target, args) }
        : value
    }
  })
  const context: SignInContext = {
    policy: { domains: schemesByDomain(['localhost:8080'], ['http://localhost:8080']), origins: new Set(['http://localhost:8080']), maxClockSkewMs: 60_000, sessionTtlMs: 3_600_000 },
    nonces: logged(nonces, 'nonces'),
    sessions: logged(sessions, 'sessions'),
    ...extra
  }
  return { context, nonces, sessions, calls }
}

async function request (fields: MessageFields = {}, signer = wallet, nonce = NONCE): Promise<SignInRequest> {
  const message = messageText(wallet.address, nonce, fields)
  return { message, signature: await signer.signMessage(message) }
}

const account = (address: string): SignedInAccount => ({ address, chainId: 1, issuedAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 60_000).toISOString() })

t.test('a waiting session signs in with one round trip to the stores', async t => {
  const { context, sessions, calls } = await setUp(t)
  const now = Date.now()
  const result = await signIn(await request({ expirationTime: new Date(now + 600_000).toISOString() }), 'waiting', 'new', context, now)
  t.same(calls, ['nonces.consume waiting', 'sessions.set new', 'sessions.get waiting'], 'three calls, sent together')
  t.equal(result.expiresAt, now + 600_000, 'the message\'s Expiration Time, before the TTL')
  t.match(result.account, { address: wallet.address, chainId: 1, expiresAt: new Date(now + 600_000).toISOString() })
  t.same(await sessions.get('new'), result.account)
  t.equal(sessions.size, 1)
})

t.test('the calls are all made before any answer is awaited', async t => {
  const { context, calls } = await setUp(t)
  const pending = signIn(await request(), 'waiting', 'new', context, Date.now())
  t.equal(calls.length, 3, 'made in the same turn')
  await pending
  t.equal(calls.length, 3, 'and nothing after them for a session that was only waiting')
})

t.test('a signed-in session that signs in again ends', async t => {
  const { context, sessions, calls } = await setUp(t)
  await sessions.set('waiting', account(other.address), Date.now() + 60_000)
  const result = await signIn(await request(), 'waiting', 'new', context, Date.now())
  t.same(calls.at(-1), 'sessions.delete waiting')
  t.equal(await sessions.get('waiting'), null, 'the session it replaced is gone')
  t.same(await sessions.get('new'), result.account)
  t.ok(result.expiresAt - Date.now() > 3_590_000, 'the session TTL, for a message without an Expiration Time')
})

t.test('a failed sign-in leaves no session and a signed-in session as it was', async t => {
  const { context, nonces, sessions } = await setUp(t)
  const before = account(other.address)
  await sessions.set('waiting', before, Date.now() + 60_000)
  await t.rejects(signIn(await request({}, other), 'waiting', 'new', context, Date.now()), { code: 'INVALID_SIGNATURE' })
  t.equal(await sessions.get('new'), null, 'the session written before the signature was checked is deleted')
  t.same(await sessions.get('waiting'), before, 'still signed in')
  t.equal(await nonces.consume('waiting', NONCE), false, 'the nonce is spent')
})

t.test('the nonce must be the session\'s: present and equal in every character; another leaves it live', async t => {
  for (const [name, nonce] of [['another', 'zyxwvuts87654321'], ['a prefix', NONCE.slice(0, -1)], ['another case', NONCE.toUpperCase()]]) {
    const { context, nonces, sessions } = await setUp(t)
    await t.rejects(signIn(await request({}, wallet, nonce), 'waiting', 'new', context, Date.now()), { code: 'NONCE_MISMATCH' }, name)
    t.equal(await nonces.consume('waiting', NONCE), true, `${name}: the session's own nonce was not spent`)
    t.equal(sessions.size, 0, `${name}: no session`)
  }
  const { context } = await setUp(t)
  await t.rejects(signIn(await request(), 'stranger', 'new', context, Date.now()), { code: 'NONCE_MISMATCH' }, 'a session with no nonce')
})

t.test('failures are reported in order: the text, then the nonce, then the fields and the signature', async t => {
  const { context, calls } = await setUp(t)
  await t.rejects(signIn({ message: 'not a message', signature: '0x00' }, null, 'new', context, Date.now()), { code: 'INVALID_MESSAGE' }, 'no session: the text first')
  await t.rejects(signIn(await request(), null, 'new', context, Date.now()), { code: 'NONCE_MISMATCH' }, 'no session: no nonce')
  t.same(calls, [], 'and neither asked the stores')

  const cases: Array<[string, MessageFields, string]> = [
    ['a wrong nonce and domain', { domain: 'evil.example' }, 'NONCE_MISMATCH'],
    ['a wrong nonce, expired', { expirationTime: new Date(Date.now() - 1000).toISOString() }, 'NONCE_MISMATCH']
  ]
  for (const [name, fields, code] of cases) {
    const { context } = await setUp(t)
    await t.rejects(signIn(await request(fields, wallet, 'zyxwvuts87654321'), 'waiting', 'new', context, Date.now()), { code }, name)
  }
  const wrongNonceAndSigner = await setUp(t)
  await t.rejects(signIn(await request({}, other, 'zyxwvuts87654321'), 'waiting', 'new', wrongNonceAndSigner.context, Date.now()), { code: 'NONCE_MISMATCH' }, 'a wrong nonce and signer')

  const right = await setUp(t)
  await t.rejects(signIn(await request({ domain: 'evil.example' }), 'waiting', 'new', right.context, Date.now()), { code: 'DOMAIN_MISMATCH' }, 'the right nonce: the field')
  t.same(right.calls, ['nonces.consume waiting'], 'which spent the nonce, and wrote nothing')
  const garbage = await setUp(t)
  await t.rejects(signIn({ message: 'not a message', signature: '0x00' }, 'waiting', 'new', garbage.context, Date.now()), { code: 'INVALID_MESSAGE' })
  t.same(garbage.calls, [], 'a text that does not parse and names no nonce: the stores are not asked')
  t.equal(await garbage.nonces.consume('waiting', NONCE), true, 'and the nonce is still live')
  const named = await setUp(t)
  const broken = (await request()).message.replace('Version: 1', 'Version: 2')
  await t.rejects(signIn({ message: broken, signature: '0x00' }, 'waiting', 'new', named.context, Date.now()), { code: 'INVALID_MESSAGE' })
  t.equal(await named.nonces.consume('waiting', NONCE), false, 'one that does not parse but names the nonce spends it')
})

t.test('a contract account is asked about only after the nonce is spent, and may expire meanwhile', async t => {
  const asked: string[] = []
  const { context, sessions, calls } = await setUp(t, {
    checkContract: async ({ address }) => {
      asked.push(`${calls.length} calls before`)
      await new Promise(resolve => setTimeout(resolve, 30))
      return address === wallet.address
    }
  })
  const now = Date.now()
  const req = await request({ expirationTime: new Date(now + 20).toISOString() }, other)
  await t.rejects(signIn(req, 'waiting', 'new', context, now), { code: 'EXPIRED' })
  t.same(asked, ['3 calls before'])
  t.equal(sessions.size, 0, 'no session')
})

t.test('of two sign-ins at once with one nonce, one signs in and the other leaves nothing', async t => {
  const { context, sessions } = await setUp(t)
  const req = await request()
  const results = await Promise.allSettled([signIn(req, 'waiting', 'a', context, Date.now()), signIn(req, 'waiting', 'b', context, Date.now())])
  t.same(results.map(r => r.status).sort(), ['fulfilled', 'rejected'])
  t.match(results.find(r => r.status === 'rejected'), { reason: { code: 'NONCE_MISMATCH' } })
  t.equal(sessions.size, 1, 'the winner\'s session only')
})

t.test('an RPC that fails is its 503, and leaves no session', async t => {
  const { context, sessions } = await setUp(t, { checkContract: async () => { throw new RpcUnavailable() } })
  await t.rejects(signIn(await request({}, other), 'waiting', 'new', context, Date.now()), { code: 'RPC_UNAVAILABLE' })
  t.equal(sessions.size, 0)
})

t.test('store failures: 503, and the session written in the failed round trip goes again', async t => {
  const down = await setUp(t)
  down.context.sessions.get = async () => { throw new StoreUnavailable() }
  await t.rejects(signIn(await request(), 'waiting', 'new', down.context, Date.now()), { code: 'STORE_UNAVAILABLE' })
  t.equal(down.sessions.size, 0, 'the write that did succeed is undone')
  t.equal(await down.nonces.consume('waiting', NONCE), false, 'the nonce is spent')

  // The replaced session cannot be ended: no sign-in, and it stays signed in.
  const stuck = await setUp(t)
  const before = account(other.address)
  await stuck.sessions.set('waiting', before, Date.now() + 60_000)
  const deleteSession = stuck.sessions.delete.bind(stuck.sessions)
  stuck.context.sessions.delete = async (id) => { if (id === 'waiting') throw new StoreUnavailable(); await deleteSession(id) }
  await t.rejects(signIn(await request(), 'waiting', 'new', stuck.context, Date.now()), { code: 'STORE_UNAVAILABLE' })
  t.equal(await stuck.sessions.get('new'), null, 'the new session goes')
  t.same(await stuck.sessions.get('waiting'), before, 'the old one is as it was')

  // The new session cannot be deleted: the sign-in's own failure is still the one reported.
  const gone = await setUp(t)
  gone.context.sessions.delete = async () => { throw new StoreUnavailable() }
  await t.rejects(signIn(await request({}, other), 'waiting', 'new', gone.context, Date.now()), { code: 'INVALID_SIGNATURE' })
  t.equal(gone.sessions.size, 1, 'left to expire: its ID was never sent, so nothing can open it')
})
