import { Signer } from '@fastify/cookie'
import t from 'tap'
import { memoSigner } from '../src/memo-signer.js'

t.test('a memo signer answers as its signer does, and remembers valid answers only', async t => {
  const inner = new Signer('s'.repeat(32))
  let calls = 0
  const counting = {
    sign: (value: string) => { calls++; return inner.sign(value) },
    unsign: (value: string) => { calls++; return inner.unsign(value) }
  }
  const signer = memoSigner(counting, 2)

  const a = signer.sign('a')
  t.equal(a, inner.sign('a'))
  t.equal(signer.sign('a'), a)
  t.equal(calls, 1, 'signing again is remembered')

  t.same(signer.unsign(a), { valid: true, renew: false, value: 'a' })
  t.same(signer.unsign(a), { valid: true, renew: false, value: 'a' })
  t.equal(calls, 2, 'a valid cookie is checked once')

  const forged = `${a.slice(0, -2)}xx`
  t.same(signer.unsign(forged), { valid: false, renew: false, value: null })
  t.same(signer.unsign(forged), { valid: false, renew: false, value: null })
  t.equal(calls, 4, 'a forged one is checked every time')

  signer.sign('b')
  signer.sign('c')
  calls = 0
  signer.sign('a')
  t.equal(calls, 1, 'the oldest answer went when the memo was full')
})
