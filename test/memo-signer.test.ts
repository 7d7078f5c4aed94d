import { Signer } from '@fastify/cookie'
import t from 'tap'
import { memoSigner } from '../src/memo-signer.js'

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

  signer.sign('c')
  unsigns = 0
  signer.unsign(b)
  t.equal(unsigns, 0, 'when the memo was full, the newer cookies stayed')
  signer.unsign(a)
  t.equal(unsigns, 1, 'and the oldest went')
})
