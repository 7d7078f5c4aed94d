import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Wallet, id } from 'ethers'
import { SiweMessage } from 'siwe'
import t from 'tap'
import { createSiweClient, isSiweClientError, SiweClientError } from '../src/client.js'
import { startApi } from './helpers/api.js'
import { cookieFetch } from './helpers/cookie-fetch.js'

const signer = new Wallet(id('siwe-session-service client test wallet'))
const pageOrigin = 'http://localhost:8080'

function messageFor (nonce: string, chainId = 1): string {
  return new SiweMessage({
    domain: 'localhost:8080',
    address: signer.address,
    uri: pageOrigin,
    version: '1',
    chainId,
    nonce,
    issuedAt: new Date().toISOString()
  }).prepareMessage()
}

async function rejection (promise: Promise<unknown>): Promise<SiweClientError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof SiweClientError) return err
    throw err
  }
  throw new Error('expected a rejection')
}

t.test('against the service', async (t) => {
  const port = await startApi(t, { ALLOWED_ORIGINS: pageOrigin, SIWE_CHAIN_IDS: '1' })
  const baseUrl = `http://127.0.0.1:${port}`

  t.test('signs in, reads the account, signs out', async (t) => {
    const client = createSiweClient({ baseUrl, fetch: cookieFetch() })
    const before = await rejection(client.me())
    t.match(before, { name: 'SiweClientError', code: 'unauthorized', statusCode: 401 })

    const nonce = await client.getNonce()
    t.match(nonce, /^[A-Za-z0-9]{17,}$/)
    const message = messageFor(nonce)
    const result = await client.signIn({ message, signature: await signer.signMessage(message) })
    t.same(result, { ok: true, address: signer.address, chainId: 1 })

    const me = await client.me()
    t.equal(me.address, signer.address)
    t.equal(me.chainId, 1)
    t.ok(Date.parse(me.expiresAt) > Date.now(), 'the session ends in the future')
    t.notOk('ens' in me, 'no ENS name without an RPC')

    await client.signOut()
    t.equal((await rejection(client.me())).code, 'unauthorized')
    await client.signOut()
    t.pass('signing out twice is fine')
  })

  t.test('surfaces the service\'s error codes', async (t) => {
    const client = createSiweClient({ baseUrl: `${baseUrl}/`, fetch: cookieFetch() })
    const nonce = await client.getNonce()
    const message = messageFor(nonce, 137)
    const err = await rejection(client.signIn({ message, signature: await signer.signMessage(message) }))
    t.match(err, { code: 'chain_not_allowed', statusCode: 401 })
    t.ok(isSiweClientError(err, 'chain_not_allowed'))
    t.type(err.message, 'string')

    // The nonce was used up by the failed attempt.
    const again = messageFor(nonce)
    t.match(await rejection(client.signIn({ message: again, signature: await signer.signMessage(again) })), { code: 'nonce_mismatch', statusCode: 401 })
  })
})

t.test('every call includes credentials; only /verify sends JSON', async (t) => {
  const seen: Array<{ url: string, init: RequestInit }> = []
  const client = createSiweClient({
    baseUrl: new URL('https://auth.example/api/'),
    fetch: async (input, init = {}) => {
      seen.push({ url: String(input), init })
      const path = new URL(String(input)).pathname
      if (path.endsWith('/nonce')) return new Response('abcdefghij0123456789')
      if (path.endsWith('/logout')) return new Response(null, { status: 204 })
      if (path.endsWith('/me')) {
        return Response.json({ address: '0xA', chainId: 10, issuedAt: 'a', expiresAt: 'b', ens: { name: 'alice.eth', avatar: 'https://example.org/a.png' } })
      }
      return Response.json({ ok: true, address: '0xA', chainId: 10 })
    }
  })
  t.equal(await client.getNonce(), 'abcdefghij0123456789')
  t.same(await client.signIn({ message: 'm', signature: '0x' }), { ok: true, address: '0xA', chainId: 10 })
  t.same(await client.me(), { address: '0xA', chainId: 10, issuedAt: 'a', expiresAt: 'b', ens: { name: 'alice.eth', avatar: 'https://example.org/a.png' } })
  await client.signOut()

  t.same(seen.map(s => s.url), ['nonce', 'verify', 'me', 'logout'].map(p => `https://auth.example/api/${p}`))
  t.ok(seen.every(s => s.init.credentials === 'include'))
  t.same(seen.map(s => s.init.method), ['GET', 'POST', 'GET', 'POST'])
  t.same(seen[1]!.init.headers, { accept: 'application/json', 'content-type': 'application/json' })
  t.equal(seen[1]!.init.body, JSON.stringify({ message: 'm', signature: '0x' }))
  t.same(seen[3]!.init.headers, { accept: 'application/json' }, 'sign-out is a simple request: no preflight')
  t.equal(seen[3]!.init.body, undefined)
})

t.test('answers that are not the contract\'s', async (t) => {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => { res.end() }
  const server = createServer((req, res) => handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  // No `fetch` option: the global one is used.
  const client = createSiweClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })

  const cases: Array<{ name: string, reply: (res: ServerResponse) => void, call: () => Promise<unknown>, expect: object }> = [
    {
      name: 'an error with a code and no message',
      reply: res => res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"store_unavailable"}'),
      call: () => client.getNonce(),
      expect: { code: 'store_unavailable', statusCode: 503, message: 'store_unavailable', retryAfter: undefined }
    },
    {
      name: 'a code the client does not know yet',
      reply: res => res.writeHead(400, { 'content-type': 'application/json' }).end('{"code":"brand_new","message":"New"}'),
      call: () => client.me(),
      expect: { code: 'brand_new', statusCode: 400, message: 'New' }
    },
    {
      name: 'a rate limit without a code',
      reply: res => res.writeHead(429, { 'retry-after': '30', 'content-type': 'application/json' }).end('{"statusCode":429,"message":"Slow down"}'),
      call: () => client.getNonce(),
      expect: { code: 'rate_limited', statusCode: 429, retryAfter: 30 }
    },
    {
      name: 'a Retry-After that is no number',
      reply: res => res.writeHead(429, { 'retry-after': 'soon' }).end(),
      call: () => client.getNonce(),
      expect: { code: 'rate_limited', retryAfter: undefined }
    },
    {
      name: 'a proxy\'s HTML error page',
      reply: res => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>'),
      call: () => client.me(),
      expect: { code: 'unexpected_response', statusCode: 502, message: 'The sign-in service answered 502' }
    },
    {
      name: 'a JSON error body that is not an object',
      reply: res => res.writeHead(500, { 'content-type': 'application/json' }).end('null'),
      call: () => client.me(),
      expect: { code: 'unexpected_response', statusCode: 500 }
    },
    {
      name: 'a nonce that is not alphanumeric',
      reply: res => res.end('<html>'),
      call: () => client.getNonce(),
      expect: { code: 'unexpected_response', statusCode: 200 }
    },
    {
      name: 'a sign-in answer that is not JSON',
      reply: res => res.end('not json'),
      call: () => client.signIn({ message: 'm', signature: '0x' }),
      expect: { code: 'unexpected_response', statusCode: 200, message: 'The answer is not JSON' }
    },
    {
      name: 'a sign-in answer without the fields',
      reply: res => res.end('true'),
      call: () => client.signIn({ message: 'm', signature: '0x' }),
      expect: { code: 'unexpected_response', message: 'The sign-in answer does not have the expected fields' }
    },
    {
      name: 'an account answer without the fields',
      reply: res => res.end('{"address":"0xA","chainId":"1"}'),
      call: () => client.me(),
      expect: { code: 'unexpected_response', message: 'The account answer does not have the expected fields' }
    }
  ]
  for (const c of cases) {
    handler = (_req, res) => c.reply(res)
    t.match(await rejection(c.call()), c.expect, c.name)
  }

  const account = '{"address":"0xA","chainId":1,"issuedAt":"a","expiresAt":"b",'
  handler = (_req, res) => res.end(account + '"ens":{"name":"bob.eth","avatar":null}}')
  t.same((await client.me()).ens, { name: 'bob.eth', avatar: null }, 'an ENS name without an avatar')
  handler = (_req, res) => res.end(account + '"ens":{"avatar":"x"}}')
  t.notOk('ens' in await client.me(), 'an ENS answer without a name is left out')

  handler = (_req, res) => res.writeHead(204).end()
  await client.signOut()
  t.pass('sign-out accepts an empty 204')

  // Nothing listens on the port any more: the same TypeError a browser gives for a CORS refusal.
  await new Promise<void>((resolve) => server.close(() => resolve()))
  const err = await rejection(client.me())
  t.match(err, { code: 'network_error', statusCode: 0 })
  t.type(err.cause, TypeError)
})

t.test('isSiweClientError', async (t) => {
  const err = new SiweClientError('expired', 401, 'The message has expired')
  t.ok(isSiweClientError(err))
  t.ok(isSiweClientError(err, 'expired'))
  t.notOk(isSiweClientError(err, 'unauthorized'))
  t.notOk(isSiweClientError(new Error('x')))
  t.equal(err.cause, undefined)
  t.equal(err.name, 'SiweClientError')
})
