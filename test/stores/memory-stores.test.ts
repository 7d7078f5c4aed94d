import t from 'tap'
import { ExpiringMap } from '../../src/stores/expiring-map.js'
import { MemoryNonceStore } from '../../src/stores/memory-nonce-store.js'
import { MemorySessionStore } from '../../src/stores/memory-session-store.js'

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

t.test('an expiring map hides expired entries and its timer sweeps them out', async t => {
  const map = new ExpiringMap<string>(20)
  t.teardown(() => map.close())
  map.set('a', '1', 10)
  map.set('b', '2', 10_000)
  t.equal(map.get('a'), '1')
  await sleep(15)
  t.equal(map.get('a'), undefined, 'expired: not returned')
  t.equal(map.size, 1, 'and removed on read')
  map.set('c', '3', 5)
  map.set('d', '4', 5)
  await sleep(60)
  t.equal(map.size, 1, 'the sweeper removed the entries nobody read')
  t.equal(map.take('b'), '2')
  t.equal(map.take('b'), undefined, 'take removes')
  map.close()
  t.equal(map.size, 0)
})

t.test('memory nonces: single use, replaced, expiring, swept', async t => {
  const nonces = new MemoryNonceStore(20)
  t.teardown(() => nonces.close())
  await nonces.issue('s1', 'n1', 10_000)
  await nonces.issue('s1', 'n2', 10_000)
  t.equal(await nonces.consume('s1'), 'n2', 'the newer replaces the older')
  t.equal(await nonces.consume('s1'), null, 'single use')
  const results = await Promise.all([nonces.issue('s2', 'n3', 10_000).then(() => Promise.all(Array.from({ length: 10 }, () => nonces.consume('s2'))))])
  t.same(results[0].filter(n => n !== null), ['n3'], 'one of ten concurrent consumers gets it')
  for (let i = 0; i < 100; i++) await nonces.issue(`x${i}`, 'n', 5)
  t.equal(nonces.size, 100)
  await sleep(60)
  t.equal(nonces.size, 0, 'expired nonces do not pile up')
})

t.test('memory sessions: kept as long as their cookie, as copies', async t => {
  const sessions = new MemorySessionStore(50, 20)
  t.teardown(() => sessions.close())
  const call = <T>(fn: (cb: (err?: unknown, v?: T) => void) => void): Promise<T | undefined> =>
    new Promise((resolve, reject) => fn((err, v) => err ? reject(err) : resolve(v)))

  const session = { cookie: { expires: new Date(Date.now() + 10_000) }, account: { address: '0xabc' } }
  await call(cb => sessions.set('a', session, cb))
  session.account.address = 'changed'
  t.match(await call(cb => sessions.get('a', cb)), { account: { address: '0xabc' } }, 'the store keeps its own copy')

  await call(cb => sessions.set('gone', { cookie: { expires: new Date(Date.now() - 1) } }, cb))
  t.equal(await call(cb => sessions.get('gone', cb)), null, 'a session whose cookie already expired is not kept')
  await call(cb => sessions.set('a', { cookie: { expires: new Date(Date.now() - 1) } }, cb))
  t.equal(await call(cb => sessions.get('a', cb)), null, 'and saving it expired removes the old copy')

  await call(cb => sessions.set('no-expiry', { cookie: { expires: null } }, cb))
  t.ok(await call(cb => sessions.get('no-expiry', cb)), 'without an expiry the fallback TTL applies')
  await sleep(80)
  t.equal(sessions.size, 0, 'and then it is swept')

  await call(cb => sessions.set('b', { cookie: { expires: new Date(Date.now() + 10_000).toISOString() } }, cb))
  await call(cb => sessions.destroy('b', cb))
  t.equal(await call(cb => sessions.get('b', cb)), null, 'destroyed')
})
