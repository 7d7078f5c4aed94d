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

  const again = await app.inject({ url: '/nonce', cookies: signedIn })
  t.equal(again.headers['set-cookie'], undefined, 'a signed-in session asking for a nonce keeps its cookie and its end')

  // Signing in again from the signed-in session: a new ID, and the old one ends.
  const renewal = messageText(wallet.address, again.body)
  const renewed = await postVerify(app, signedIn, renewal, await wallet.signMessage(renewal))
  t.equal(renewed.statusCode, 200)
  const resigned = cookiesOf(renewed, signedIn)
  t.not(resigned['siwe-session'], signedIn['siwe-session'], 'a new session ID')
  t.equal((await app.inject({ url: '/me', cookies: resigned })).statusCode, 200)
  t.equal((await app.inject({ url: '/me', cookies: signedIn })).statusCode, 401, 'the session it replaced is gone from the store')
})

forEachStore(t, 'a message with every optional field signs in', async (t, env) => {
  const app = await build(t, env)
  const wallet = Wallet.createRandom()
  const { nonce, cookies } = await getNonce(app)
  const message = messageText(wallet.address, nonce, {
    scheme: 'http',
    uri: 'http://localhost:8080/login?next=%2Fhome',
    expirationTime: new Date(Date.now() + 600_000).toISOString(),
    notBefore: new Date(Date.now() - 1000).toISOString(),
    requestId: 'req-42',
    resources: ['ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq', 'https://example.com/terms']
  })
  t.match(message, /^http:\/\/localhost:8080 wants you/)
  const res = await postVerify(app, cookies, message, await wallet.signMessage(message))
  t.same(res.json(), { ok: true, address: wallet.address, chainId: 1 })
})
