import t, { type Test } from 'tap'
import { Wallet } from 'ethers'
import { createChainClients } from '../../src/chain/chain-clients.js'
import { ENS_REGISTRY, createEnsResolver, type EnsResolver } from '../../src/chain/ens.js'
import { findFreePort } from '../../bench/lib/free-port.js'
import { startAnvil } from './anvil.js'
import { connect } from './contracts.js'
import { deployEns } from './ens-fixture.js'
import { startRpcProxy } from './rpc-proxy.js'

const AVATAR = 'https://example.org/alice.png'

// ENS on a local mainnet, with two names and the reverse records the tests need.
const anvil = await startAnvil(t, { chainId: 1 })
const { register, setReverse } = await deployEns(await connect(t, anvil.url))

const alice = Wallet.createRandom().address
const bob = Wallet.createRandom().address
const mallory = Wallet.createRandom().address
const shouter = Wallet.createRandom().address
const garbled = Wallet.createRandom().address
const orphan = Wallet.createRandom().address
const noCode = Wallet.createRandom().address
const nobody = Wallet.createRandom().address

await register('alice.eth', alice, AVATAR)
await register('bob.eth', bob)
await setReverse(alice, 'alice.eth')
await setReverse(bob, 'bob.eth')
await setReverse(mallory, 'alice.eth') // claims a name whose forward record is alice's
await setReverse(shouter, 'ALICE.eth') // not normalised
await setReverse(garbled, 'alice..eth') // not a valid name at all
await setReverse(orphan, 'orphan.eth') // no resolver for the name
await setReverse(noCode, '', Wallet.createRandom().address) // a "resolver" without code

function ensFor (t: Test, url: string, options = {}): EnsResolver {
  const clients = createChainClients(new Map([[1, url]]), { timeoutMs: 1000 })
  t.teardown(() => clients.close())
  return createEnsResolver(clients, options) as EnsResolver
}

t.test('the primary name with its avatar', async (t) => {
  const ens = ensFor(t, anvil.url)
  t.same(await ens.resolve(alice), { name: 'alice.eth', avatar: AVATAR })
  t.same(await ens.resolve(alice.toLowerCase()), { name: 'alice.eth', avatar: AVATAR }, 'any spelling of the address')
  t.same(await ens.resolve(bob), { name: 'bob.eth', avatar: null }, 'no avatar record')
})

t.test('no name unless the reverse record is there and the forward record confirms it', async (t) => {
  const ens = ensFor(t, anvil.url)
  t.equal(await ens.resolve(mallory), null, 'forward record points elsewhere')
  t.equal(await ens.resolve(shouter), null, 'name not normalised')
  t.equal(await ens.resolve(garbled), null, 'name that cannot be normalised')
  t.equal(await ens.resolve(orphan), null, 'name without resolver')
  t.equal(await ens.resolve(noCode), null, 'reverse resolver without code')
  t.equal(await ens.resolve(nobody), null, 'no reverse record')
  t.equal(await ens.resolve('not an address'), null)
  t.equal(ens.peek('not an address'), null)
})

t.test('a cached answer costs no RPC until its TTL ends', async (t) => {
  const proxy = await startRpcProxy(t, anvil.url)
  let clock = 0
  const ens = ensFor(t, proxy.url, { ttlMs: 1000, now: () => clock })
  t.equal(ens.peek(alice), undefined, 'nothing cached yet')
  const [first, concurrent] = await Promise.all([ens.resolve(alice), ens.resolve(alice)])
  t.same(first, { name: 'alice.eth', avatar: AVATAR })
  t.equal(concurrent, first, 'concurrent lookups share one')
  const calls = proxy.calls
  t.same(await ens.resolve(alice), first)
  t.same(ens.peek(alice), first)
  t.equal(await ens.resolve(nobody), null)
  const afterMiss = proxy.calls
  t.equal(await ens.resolve(nobody), null)
  t.equal(proxy.calls, afterMiss, 'a confirmed absence is cached too')
  t.ok(afterMiss > calls, 'the miss itself asked the chain')
  clock = 1000
  t.equal(ens.peek(alice), undefined, 'expired')
  t.same(await ens.resolve(alice), first)
  t.ok(proxy.calls > afterMiss, 'looked up again after the TTL')
})

t.test('the cache keeps at most maxEntries addresses, dropping the least recently used', async (t) => {
  const ens = ensFor(t, anvil.url, { maxEntries: 2 })
  await ens.resolve(alice)
  await ens.resolve(bob)
  await ens.resolve(alice)
  await ens.resolve(nobody)
  t.equal(ens.peek(bob), undefined, 'bob was least recently used')
  t.same(ens.peek(alice), { name: 'alice.eth', avatar: AVATAR })
  t.equal(ens.peek(nobody), null)
})

t.test('an RPC that is down answers null, remembered only for failureTtlMs', async (t) => {
  const proxy = await startRpcProxy(t, anvil.url)
  let clock = 0
  const ens = ensFor(t, proxy.url, { failureTtlMs: 100, now: () => clock })
  proxy.hang = true
  t.equal(await ens.resolve(alice), null)
  t.equal(ens.peek(alice), null)
  proxy.hang = false
  clock = 100
  t.equal(ens.peek(alice), undefined, 'the failure is forgotten')
  t.same(await ens.resolve(alice), { name: 'alice.eth', avatar: AVATAR }, 'and the name found once the RPC is back')

  const closed = ensFor(t, `http://127.0.0.1:${await findFreePort()}`)
  t.equal(await closed.resolve(alice), null, 'connection refused')
})

t.test('a lookup slower than waitMs answers null meanwhile, and its answer is cached when it comes', async (t) => {
  const proxy = await startRpcProxy(t, anvil.url)
  const ens = ensFor(t, proxy.url, { waitMs: 20 })
  proxy.delayMs = 100
  t.equal(await ens.resolve(alice), null, 'not waited for')
  t.equal(ens.peek(alice), undefined, 'and not remembered as a failure')
  for (let i = 0; i < 200 && ens.peek(alice) === undefined; i++) await new Promise(resolve => setTimeout(resolve, 10))
  t.same(ens.peek(alice), { name: 'alice.eth', avatar: AVATAR }, 'the lookup went on')
  t.same(await ens.resolve(alice), { name: 'alice.eth', avatar: AVATAR }, 'and answers from the cache')
})

t.test('a prefetch starts the lookup without waiting, and resolve finds its answer; a cached or invalid address starts none', async (t) => {
  const proxy = await startRpcProxy(t, anvil.url)
  const ens = ensFor(t, proxy.url)
  ens.prefetch('not an address')
  ens.prefetch(alice)
  t.equal(ens.peek(alice), undefined, 'nothing cached yet')
  for (let i = 0; i < 200 && ens.peek(alice) === undefined; i++) await new Promise(resolve => setTimeout(resolve, 10))
  t.same(ens.peek(alice), { name: 'alice.eth', avatar: AVATAR }, 'the lookup ran')
  const calls = proxy.calls
  ens.prefetch(alice)
  t.same(await ens.resolve(alice), { name: 'alice.eth', avatar: AVATAR })
  t.equal(proxy.calls, calls, 'cached: neither asked the RPC again')
})

t.test('a node stopped mid-run answers null', async (t) => {
  const node = await startAnvil(t, { chainId: 1 })
  const ens = ensFor(t, node.url)
  t.equal(await ens.resolve(alice), null, 'no ENS on this node')
  await node.stop()
  t.equal(await ens.resolve(bob), null)
})

t.test('no resolver without an RPC URL for the ENS chain', async (t) => {
  const clients = createChainClients(new Map([[1, anvil.url]]))
  t.equal(createEnsResolver(clients, { chainId: 5 }), null)
  t.ok(createEnsResolver(clients, { registry: ENS_REGISTRY }))
})
