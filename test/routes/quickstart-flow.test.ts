import t from 'tap'
import { Wallet } from 'ethers'
import { build, cookiesOf, forEachStore, getNonce, messageText, postVerify } from '../helper.js'

forEachStore(t, 'the quickstart frontend signs in and reads its personal information', async (t, env) => {
  const app = await build(t, env)
  const wallet = Wallet.createRandom()

  const nonceRes = await app.inject({ url: '/nonce', headers: { origin: 'http://localhost:8080' } })
  t.equal(nonceRes.statusCode, 200)
  t.match(nonceRes.headers['content-type'], /^text\/plain/)
  t.match(nonceRes.body, /^[A-Za-z0-9]{17,}$/)
  t.equal(nonceRes.headers['access-control-allow-origin'], 'http://localhost:8080')
  t.equal(nonceRes.headers['access-control-allow-credentials'], 'true')
  const cookies = cookiesOf(nonceRes)
  t.ok(cookies['siwe-session'], 'the nonce comes with a session cookie')

  const message = messageText(wallet.address, nonceRes.body)
  const verifyRes = await postVerify(app, cookies, message, await wallet.signMessage(message))
  t.equal(verifyRes.statusCode, 200)
  t.same(verifyRes.json(), { ok: true, address: wallet.address, chainId: 1 })
  const signedIn = cookiesOf(verifyRes, cookies)
  t.not(signedIn['siwe-session'], cookies['siwe-session'], 'sign-in gives a new session ID')

  const info = await app.inject({ url: '/personal_information', cookies: signedIn })
  t.equal(info.statusCode, 200)
  t.match(info.headers['content-type'], /^text\/plain/)
  t.equal(info.body, `You are authenticated and your address is: ${wallet.address}`)

  const me = await app.inject({ url: '/me', cookies: signedIn })
  t.equal(me.statusCode, 200)
  t.match(me.json(), { address: wallet.address, chainId: 1 })
  t.equal(me.headers['cache-control'], 'no-store')

  const stale = await app.inject({ url: '/me', cookies })
  t.equal(stale.statusCode, 401, 'the pre-sign-in session ID opens nothing')

  const again = await getNonce(app, signedIn)
  t.same(again.cookies, signedIn, 'a signed-in session asking for a nonce keeps its cookie')
})
