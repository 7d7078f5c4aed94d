import t from 'tap'
import { request } from 'undici'
import { startServer } from '../../bench/lib/child-server.js'
import { formatSiweMessage } from '../../bench/lib/siwe-message.js'
import { createWallet, signPersonalMessage } from '../../bench/lib/wallet.js'

// Servers start slowly under the test runner's TypeScript loader on a busy machine.
t.setTimeout(120_000)

// The peer must behave as the seed's backend does, or the comparison means nothing.
const server = await startServer({ entry: 'bench/peers/quickstart/server.ts', env: {}, readyPath: '/personal_information' }, { fromSource: true })
t.teardown(server.stop)

const origin = 'http://localhost:8080'

async function call (method: 'GET' | 'POST', path: string, cookie: string, body?: unknown) {
  const response = await request(server.origin + path, {
    method,
    headers: { origin, cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  // express-session sets its cookie on every answer here (saveUninitialized), except where it fails.
  const setCookie = String(response.headers['set-cookie']).split(';')[0] as string
  return { status: response.statusCode, headers: response.headers, text: await response.body.text(), cookie: setCookie }
}

function messageFor (address: string, nonce: string): string {
  const now = Date.now()
  return formatSiweMessage({
    domain: 'localhost:8080',
    address,
    statement: 'Sign in with Ethereum to the benchmark.',
    uri: origin,
    chainId: 1,
    nonce,
    issuedAt: new Date(now).toISOString(),
    expirationTime: new Date(now + 60_000).toISOString()
  })
}

t.test('a whole sign-in, as the seed describes it', async (t) => {
  const wallet = createWallet()
  const nonce = await call('GET', '/nonce', '')
  t.equal(nonce.status, 200)
  t.match(nonce.headers['content-type'], /^text\/plain/)
  t.match(nonce.text, /^[a-zA-Z0-9]{17,}$/)
  t.match(nonce.headers['set-cookie'], /^siwe-quickstart=.*; Path=\/; HttpOnly; SameSite=Strict$/)
  t.equal(nonce.headers['access-control-allow-origin'], origin)
  t.equal(nonce.headers['access-control-allow-credentials'], 'true')

  const message = messageFor(wallet.address, nonce.text)
  const verify = await call('POST', '/verify', nonce.cookie, { message, signature: signPersonalMessage(wallet, message) })
  t.equal(verify.status, 200)
  t.equal(verify.text, 'true')

  const info = await call('GET', '/personal_information', verify.cookie)
  t.equal(info.status, 200)
  t.equal(info.text, `You are authenticated and your address is: ${wallet.address}`)
})

t.test('its failures', async (t) => {
  const first = await call('GET', '/personal_information', '')
  t.equal(first.status, 401)
  t.same(JSON.parse(first.text), { message: 'You have to first sign_in' })

  const noMessage = await call('POST', '/verify', first.cookie, { signature: '0x' })
  t.equal(noMessage.status, 422)
  t.same(JSON.parse(noMessage.text), { message: 'Expected prepareMessage object as body.' })

  const wallet = createWallet()
  const nonce = await call('GET', '/nonce', first.cookie)
  const message = messageFor(wallet.address, nonce.text)
  const forged = await call('POST', '/verify', nonce.cookie, { message, signature: signPersonalMessage(createWallet(), message) })
  t.equal(forged.status, 400)
  t.match(forged.text, /^Failed to verify message: /)
})
