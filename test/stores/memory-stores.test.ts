import t from 'tap'
import { ExpiringMap } from '../../src/stores/expiring-map.js'
import { MemoryNonceStore } from '../../src/stores/memory-nonce-store.js'
import { MemorySessionStore } from '../../src/stores/memory-session-store.js'
import { heapGrowth, sliceOfLarge } from '../helpers/heap-growth.js'

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
  map.delete('b')
  t.equal(map.get('b'), undefined, 'delete removes')
  map.close()
  t.equal(map.size, 0)
})

// What both nonce stores do is in nonce-stores.test.ts; this is the memory store's sweeping.
t.test('memory nonces: expired ones are swept', async t => {
  const nonces = new MemoryNonceStore(20)
  t.teardown(() => nonces.close())
  await nonces.issue('s1', 'n1', 5)
  await sleep(10)
  t.equal(await nonces.consume('s1', 'n1'), false, 'an expired nonce is no nonce')
  for (let i = 0; i < 100; i++) await nonces.issue(`x${i}`, 'n', 5)
  t.equal(nonces.size, 100)
  await sleep(60)
  t.equal(nonces.size, 0, 'expired nonces do not pile up')
})

t.test('memory sessions: kept until their end, as frozen copies', async t => {
  const sessions = new MemorySessionStore(20)
  t.teardown(() => sessions.close())
  const account = { address: '0xabc', chainId: 1, issuedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-02T00:00:00.000Z' }
  await sessions.set('a', account, Date.now() + 10_000)
  account.address = 'changed'
  const kept = await sessions.get('a')
  t.same(kept, { ...account, address: '0xabc' }, 'the store keeps its own copy')
  t.ok(Object.isFrozen(kept), 'which no reader can change')
  t.equal(await sessions.get('unknown'), null)

  await sessions.set('short', account, Date.now() + 10)
  await sleep(15)
  t.equal(await sessions.get('short'), null, 'past its end it is gone')
  await sessions.set('b', account, Date.now() + 10_000)
  await sessions.delete('b')
  t.equal(await sessions.get('b'), null, 'deleted')
  await sessions.set('c', account, Date.now() + 5)
  await sleep(60)
  t.equal(sessions.size, 1, 'expired sessions are swept out, live ones kept')
})

t.test('memory sessions keep no more of the request than the account', async t => {
  // The address and Issued At come cut out of the request body, which V8 would keep alive with them.
  const sessions = new MemorySessionStore(60_000)
  t.teardown(() => sessions.close())
  const address = `0x${'ab'.repeat(20)}`
  const issuedAt = '2026-01-01T00:00:00Z'
  const count = 100
  const bodyLength = 64 * 1024
  const grown = await heapGrowth(async () => {
    for (let i = 0; i < count; i++) {
      await sessions.set(`s${i}`, { address: sliceOfLarge(address, bodyLength, i), chainId: 1, issuedAt: sliceOfLarge(issuedAt, bodyLength, i), expiresAt: 'e' }, Date.now() + 60_000)
    }
  })
  t.equal(sessions.size, count)
  t.match(await sessions.get('s7'), { address, issuedAt })
  t.ok(grown < count * bodyLength / 10, `${count} sessions kept ${grown} bytes, not their bodies' ${count * bodyLength}`)
})
