import { Signer } from '@fastify/cookie'
import t from 'tap'
import { memoSigner } from '../src/memo-signer.js'
import { heapGrowth, sliceOfLarge } from './helpers/heap-growth.js'

t.test('a memo signer answers as its signer does, and remembers valid cookies only', async t => {
  const inner = new Signer('s'.repeat(32))
  let unsigns = 0
  const counting = {
    sign: (value: string) => inner.sign(value),
    unsign: (value: string) => { unsigns++; return inner.unsign(value) }
  }
  const signer = memoSigner(counting, 2)

  const a = signer.sign('a')
  t.equal(a, inner.sign('a'))
  t.same(signer.unsign(a), inner.unsign(a))
  t.same(signer.unsign(a), { valid: true, renew: false, value: 'a' })
  t.equal(unsigns, 0, 'a cookie it signed is known valid without a check')

  const b = inner.sign('b')
  t.same(signer.unsign(b), { valid: true, renew: false, value: 'b' })
  t.same(signer.unsign(b), { valid: true, renew: false, value: 'b' })
  t.equal(unsigns, 1, 'a valid cookie signed elsewhere is checked once')

  const forged = `${a.slice(0, -2)}xx`
  t.same(signer.unsign(forged), { valid: false, renew: false, value: null })
  t.same(signer.unsign(forged), { valid: false, renew: false, value: null })
  t.equal(unsigns, 3, 'a forged one is checked every time')
})

t.test('a memo signer keeps the cookies in use: two generations, the older dropped whole', async t => {
  const inner = new Signer('s'.repeat(32))
  let unsigns = 0
  const signer = memoSigner({ sign: (value: string) => inner.sign(value), unsign: (value: string) => { unsigns++; return inner.unsign(value) } }, 4)
  const [a, b] = [signer.sign('a'), signer.sign('b')]
  signer.sign('c') // the newer generation (two entries) was full: a and b are the older one now
  t.same(signer.unsign(a), { valid: true, renew: false, value: 'a' })
  t.equal(unsigns, 0, 'a cookie of the older generation is still known, and moves to the newer')
  signer.sign('d') // full again: the generation of a and b is dropped, c and a are the older one
  t.same(signer.unsign(b), { valid: true, renew: false, value: 'b' })
  t.equal(unsigns, 1, 'a cookie not used for a generation is checked again')
  t.same(signer.unsign(a), { valid: true, renew: false, value: 'a' })
  t.equal(unsigns, 1, 'the cookie in use stayed')
  t.same(memoSigner(inner, 1).unsign(a), { valid: true, renew: false, value: 'a' }, 'a memo of one entry still answers')
})

// Deleting a Map's oldest entry one at a time, as an earlier version did, made every insertion step
// over all the deleted entries once the memo was full (13 to 25 µs each). Counted, not timed: a full
// memo drops a whole generation and never deletes single entries.
t.test('a full memo signer never deletes entries one by one, and keeps to its size', async t => {
  let unsigns = 0
  const signer = memoSigner({
    sign: (value: string) => `${value}.sig`,
    unsign: (cookie: string) => { unsigns++; return { valid: true, renew: false, value: cookie.slice(0, -4) } }
  }, 100)
  const deletes = t.capture(Map.prototype, 'delete', Map.prototype.delete)
  for (let i = 0; i < 1000; i++) signer.unsign(signer.sign(`id-${i}`))
  deletes.restore()
  t.equal(deletes().length, 0, 'no single deletions')
  t.equal(unsigns, 0, 'every cookie it signed was known while in use')
  signer.unsign('id-999.sig')
  t.equal(unsigns, 0, 'the newest is still known')
  signer.unsign('id-0.sig')
  t.equal(unsigns, 1, 'the oldest was let go: the memo does not grow past its size')
})

t.test('a memo signer keeps no more of the request than the cookies it remembers', async t => {
  // Each cookie comes cut out of a large Cookie header, which V8 would keep alive with it: first
  // seen (checked, then remembered), then found in the older generation (moved to the newer).
  const inner = new Signer('s'.repeat(32))
  const count = 50
  const headerLength = 64 * 1024
  const signer = memoSigner(inner, 2 * count)
  const cookies = Array.from({ length: count }, (_, i) => inner.sign(`session-${i}`))
  const grown = await heapGrowth(async () => {
    for (const [i, cookie] of cookies.entries()) signer.unsign(sliceOfLarge(cookie, headerLength, i))
    signer.sign('next') // the newer generation was full: the cookies above are the older one now
    for (const [i, cookie] of cookies.entries()) signer.unsign(sliceOfLarge(cookie, headerLength, count + i))
  })
  t.same(signer.unsign(cookies[7] as string), { valid: true, renew: false, value: 'session-7' })
  t.ok(grown < count * headerLength / 10, `${count} cookies kept ${grown} bytes, not their headers' ${2 * count * headerLength}`)
})
