import t from 'tap'
import { build, forEachStore } from '../helper.js'

// Both nonce stores, through the app that builds them: the contract's property 1 at its root.
forEachStore(t, 'nonces: the session\'s newest only, consumed once, and only by the nonce itself', async (t, env) => {
  const { nonces } = await build(t, env)
  await nonces.issue('s1', 'n1', 10_000)
  await nonces.issue('s1', 'n2', 10_000)
  t.equal(await nonces.consume('s1', 'n1'), false, 'the newer replaces the older')
  t.equal(await nonces.consume('s1', 'made-up'), false, 'a nonce never issued')
  t.equal(await nonces.consume('s2', 'n2'), false, 'another session\'s nonce')
  t.equal(await nonces.consume('s1', 'n2'), true, 'refusing the others left the live one as it was')
  t.equal(await nonces.consume('s1', 'n2'), false, 'single use')

  await nonces.issue('s3', 'n3', 10_000)
  const results = await Promise.all(Array.from({ length: 10 }, async () => await nonces.consume('s3', 'n3')))
  t.equal(results.filter(Boolean).length, 1, 'one of ten concurrent consumers gets it')

  await nonces.issue('s4', 'n4', 10_000)
  await nonces.delete('s4')
  t.equal(await nonces.consume('s4', 'n4'), false, 'deleted')
  await nonces.delete('s4') // none left: nothing to do, no error

  await nonces.issue('s5', 'n5', 30)
  await new Promise(resolve => setTimeout(resolve, 60))
  t.equal(await nonces.consume('s5', 'n5'), false, 'expired')
})
