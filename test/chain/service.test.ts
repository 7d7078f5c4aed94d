import t from 'tap'
import { Wallet } from 'ethers'
import { build, cookiesOf, getNonce, messageText, postVerify, type Env } from '../helper.js'
import { startAnvil } from './anvil.js'
import { connect } from './contracts.js'
import { deployWallets } from './wallets.js'
import { deployEns } from './ens-fixture.js'
import { startRpcProxy } from './rpc-proxy.js'

// The whole service against a local chain 1: contract accounts sign in through /verify, and /me
// shows ENS names. Requests reach the chain through a relay that counts them or hangs.
const AVATAR = 'https://example.org/alice.png'

const anvil = await startAnvil(t, { chainId: 1 })
const chain = await connect(t, anvil.url)
const { owner, stranger, deployed, counterfactual, wrap6492 } = await deployWallets(chain)

const alice = Wallet.createRandom()
const mallory = Wallet.createRandom()
const { register, setReverse } = await deployEns(chain)
await register('alice.eth', alice.address, AVATAR)
await setReverse(alice.address, 'alice.eth')
await setReverse(mallory.address, 'alice.eth') // a name whose forward record is alice's

const env = (url: string, extra: Env = {}): Env => ({ RPC_URLS: `1=${url}`, RPC_TIMEOUT_MS: '500', ...extra })

/** Signs in with a message naming `address`, signed (or made) by `sign`. */
async function attempt (app: Awaited<ReturnType<typeof build>>, address: string, sign: (message: string) => Promise<string>, chainId = 1) {
  const { nonce, cookies } = await getNonce(app)
  const message = messageText(address, nonce, { chainId })
  const res = await postVerify(app, cookies, message, await sign(message))
  return { res, cookies: cookiesOf(res, cookies), message }
}

t.test('a deployed EIP-1271 account signs in with its owner\'s signature', async t => {
  const app = await build(t, env(anvil.url))
  const { res, cookies } = await attempt(app, deployed, m => owner.signMessage(m))
  t.same(res.json(), { ok: true, address: deployed, chainId: 1 })
  t.match((await app.inject({ url: '/me', cookies })).json(), { address: deployed, chainId: 1 })

  const refused = await attempt(app, deployed, m => stranger.signMessage(m))
  t.match(refused.res.json(), { statusCode: 401, code: 'invalid_signature' }, 'a non-owner\'s signature')
})

t.test('an account not deployed yet signs in through EIP-6492', async t => {
  const app = await build(t, env(anvil.url))
  const { res } = await attempt(app, counterfactual, async m => wrap6492(await owner.signMessage(m)))
  t.same(res.json(), { ok: true, address: counterfactual, chainId: 1 })
  t.equal(await chain.provider.getCode(counterfactual), '0x', 'still not deployed')
})

t.test('a chain without an RPC URL stays EOA-only; an EOA sign-in asks no RPC', async t => {
  const proxy = await startRpcProxy(t, anvil.url)
  const app = await build(t, env(proxy.url, { ENS_CHAIN_ID: '10' }))
  const other = await attempt(app, deployed, m => owner.signMessage(m), 5)
  t.match(other.res.json(), { statusCode: 401, code: 'invalid_signature' }, 'chain 5 has no RPC URL')
  const eoa = await attempt(app, alice.address, m => alice.signMessage(m))
  t.equal(eoa.res.statusCode, 200)
  t.equal(proxy.calls, 0, 'neither asked the chain')
})

t.test('an RPC that hangs or is gone is 503 rpc_unavailable, never a sign-in; the nonce is spent', async t => {
  const proxy = await startRpcProxy(t, anvil.url)
  const app = await build(t, env(proxy.url, { ENS_CHAIN_ID: '10' }))
  proxy.hang = true
  const hung = await attempt(app, deployed, m => owner.signMessage(m))
  t.same(hung.res.json(), { statusCode: 503, code: 'rpc_unavailable', error: 'Service Unavailable', message: 'The chain RPC is unavailable, try again shortly' })
  t.equal(hung.res.cookies.length, 0)
  const retry = await postVerify(app, hung.cookies, hung.message, await owner.signMessage(hung.message))
  t.match(retry.json(), { code: 'nonce_mismatch' }, 'the nonce was consumed before the RPC was asked')

  const gone = await build(t, env('http://127.0.0.1:9', { ENS_CHAIN_ID: '10' }))
  const refused = await attempt(gone, deployed, m => owner.signMessage(m))
  t.match(refused.res.json(), { statusCode: 503, code: 'rpc_unavailable' })
})

t.test('a message that expires while its RPC check is under way is 401 expired, no session', async t => {
  const proxy = await startRpcProxy(t, anvil.url)
  const app = await build(t, env(proxy.url, { ENS_CHAIN_ID: '10', RPC_TIMEOUT_MS: '5000' }))
  proxy.delayMs = 2000
  const { nonce, cookies } = await getNonce(app)
  const message = messageText(deployed, nonce, { expirationTime: new Date(Date.now() + 1000).toISOString() })
  const res = await postVerify(app, cookies, message, await owner.signMessage(message))
  t.match(res.json(), { statusCode: 401, code: 'expired' }, 'valid when checked, over by the time the chain answered')
  t.equal(res.cookies.length, 0, 'no session cookie')
  t.equal((await app.inject({ url: '/me', cookies })).statusCode, 401)
})

t.test('/me shows a confirmed ENS name and its avatar, and nothing it cannot confirm', async t => {
  const proxy = await startRpcProxy(t, anvil.url)
  const app = await build(t, env(proxy.url))
  const signedIn = await attempt(app, alice.address, m => alice.signMessage(m))
  const me = await app.inject({ url: '/me', cookies: signedIn.cookies })
  t.same(me.json().ens, { name: 'alice.eth', avatar: AVATAR })
  const calls = proxy.calls
  await app.inject({ url: '/me', cookies: signedIn.cookies })
  t.equal(proxy.calls, calls, 'the second /me is answered from the cache')

  const claimer = await attempt(app, mallory.address, m => mallory.signMessage(m))
  const mine = await app.inject({ url: '/me', cookies: claimer.cookies })
  t.equal(mine.statusCode, 200)
  t.notOk('ens' in mine.json(), 'a reverse record the forward record does not confirm is not shown')
})

t.test('/me without ENS while the RPC is down, and sign-in is not held up by it', async t => {
  const proxy = await startRpcProxy(t, anvil.url)
  const app = await build(t, env(proxy.url))
  proxy.hang = true
  const signedIn = await attempt(app, alice.address, m => alice.signMessage(m))
  t.equal(signedIn.res.statusCode, 200, 'an EOA sign-in does not wait for ENS')
  const me = await app.inject({ url: '/me', cookies: signedIn.cookies })
  t.equal(me.statusCode, 200)
  t.notOk('ens' in me.json())
  t.match(me.json(), { address: alice.address })

  // An RPC whose requests time out only after a minute does not hold /me for that long: it answers
  // without the name after a second (this test would time out otherwise).
  const patient = await build(t, env(proxy.url, { RPC_TIMEOUT_MS: '60000' }))
  const later = await attempt(patient, alice.address, m => alice.signMessage(m))
  const meLater = await patient.inject({ url: '/me', cookies: later.cookies })
  t.equal(meLater.statusCode, 200)
  t.notOk('ens' in meLater.json(), 'no name, no wait')
})
