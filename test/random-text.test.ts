import t from 'tap'
import { randomText } from '../src/random-text.js'

t.test('random text: the length asked for, never the same bytes twice, across pool refills', async t => {
  const seen = new Set<string>()
  // 1000 IDs of 24 bytes is 24,000 bytes: the 4 KiB pool is refilled several times.
  for (let i = 0; i < 1000; i++) seen.add(randomText(24, 'base64url'))
  t.equal(seen.size, 1000, 'no repeats')
  t.ok([...seen].every(id => /^[A-Za-z0-9_-]{32}$/.test(id)), '32 base64url characters each')
  t.match(randomText(16, 'hex'), /^[0-9a-f]{32}$/)
  t.match(randomText(4096, 'hex'), /^[0-9a-f]{8192}$/, 'a whole pool at once')
  for (const bytes of [4097, 0, -1, 1.5]) t.throws(() => randomText(bytes, 'hex'), RangeError, `${bytes} bytes are refused`)
})
