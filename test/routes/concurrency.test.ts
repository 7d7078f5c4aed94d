import t from 'tap'
import { Wallet } from 'ethers'
import { build, cookiesOf, forEachStore, getNonce, messageText, ORIGIN, postVerify, redisEnv } from '../helper.js'

const wallet = Wallet.createRandom()
const ATTEMPTS = 20

forEachStore(t, `of ${ATTEMPTS} concurrent sign-ins with one nonce, exactly one succeeds`, async (t, env) => {
  const app = await build(t, env)
  const { nonce, cookies } = await getNonce(app)
  const message = messageText(wallet.address, nonce)
  const signature = await wallet.signMessage(message)
  const replies = await Promise.all(Array.from({ length: ATTEMPTS }, () => postVerify(app, cookies, message, signature)))
  const codes = replies.map(r => r.statusCode)
  t.equal(codes.filter(c => c === 200).length, 1, 'one 200')
  t.equal(codes.filter(c => c === 401).length, ATTEMPTS - 1, 'the others 401')
  t.ok(replies.filter(r => r.statusCode === 401).every(r => r.json().code === 'nonce_mismatch'))
})

t.test('two instances on one Redis serve the same users', async t => {
  const env = await redisEnv(t)
  if (env === undefined) return
  const a = await build(t, env)
  const b = await build(t, env)

  const { nonce, cookies } = await getNonce(a)
  const message = messageText(wallet.address, nonce)
  const res = await postVerify(b, cookies, message, await wallet.signMessage(message))
  t.equal(res.statusCode, 200, 'nonce from A, sign-in at B')
  const signedIn = cookiesOf(res, cookies)
  t.match((await a.inject({ url: '/me', cookies: signedIn })).json(), { address: wallet.address }, 'A knows the session')

  t.equal((await a.inject({ method: 'POST', url: '/logout', cookies: signedIn, headers: { origin: ORIGIN } })).statusCode, 204)
  t.equal((await b.inject({ url: '/me', cookies: signedIn })).statusCode, 401, 'logout at A is logout at B')

  const race = await getNonce(a)
  const raced = messageText(wallet.address, race.nonce)
  const signature = await wallet.signMessage(raced)
  const replies = await Promise.all(Array.from({ length: ATTEMPTS }, (_, i) => postVerify(i % 2 === 0 ? a : b, race.cookies, raced, signature)))
  t.equal(replies.filter(r => r.statusCode === 200).length, 1, `of ${ATTEMPTS} concurrent sign-ins across two instances, one succeeds`)
})
