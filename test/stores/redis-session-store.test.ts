import t from 'tap'
import { Redis } from 'ioredis'
import { Wallet } from 'ethers'
import { build, getNonce, messageText, postVerify, redisEnv, REDIS_URL, signIn } from '../helper.js'

// What another writer may have left in Redis never reads as a signed-in session.
t.test('Redis sessions: an entry that is not ours is no session, and never a 500', async t => {
  const env = await redisEnv(t)
  if (env === undefined) return
  const app = await build(t, env)
  const cookies = await signIn(app)
  const redis = new Redis(REDIS_URL, { keyPrefix: env.REDIS_KEY_PREFIX })
  t.teardown(() => redis.quit())
  const [sessionKey] = await redis.keys(`${env.REDIS_KEY_PREFIX}session:*`)
  t.ok(sessionKey, 'the sign-in wrote one session key')
  const key = (sessionKey as string).slice((env.REDIS_KEY_PREFIX as string).length)
  t.ok(await redis.pttl(key) > 86_000_000, 'which ends with the session')

  const stored = await redis.get(key) as string
  await redis.set(key, '{not json')
  const corrupt = await app.inject({ url: '/me', cookies })
  t.equal(corrupt.statusCode, 401, 'a value that is not JSON: signed out')
  t.match(corrupt.json(), { code: 'unauthorized' })
  // JSON in another shape: a gateway asking /auth/check must not get a 204 without an address.
  const account = JSON.parse(stored)
  const others = ['{}', '"x"', '[1]', 'null', '42',
    JSON.stringify({ ...account, address: '' }), JSON.stringify({ ...account, chainId: '1' }),
    JSON.stringify({ ...account, issuedAt: 1 }), JSON.stringify({ ...account, expiresAt: null })]
  for (const value of others) {
    await redis.set(key, value)
    t.equal((await app.inject({ url: '/auth/check', cookies })).statusCode, 401, `${value}: not signed in`)
    t.equal((await app.inject({ url: '/me', cookies })).statusCode, 401, `${value}: no account`)
  }
  await redis.set(key, stored)
  t.equal((await app.inject({ url: '/auth/check', cookies })).statusCode, 204, 'the value the store wrote is a session again')

  // Where @fastify/session kept sessions before this layer: its entries are not read at all.
  const sessionId = key.slice('session:'.length)
  await redis.del(key)
  await redis.set(`sess:${sessionId}`, JSON.stringify({ cookie: { expires: null }, account: { address: '0x0' } }))
  t.equal((await app.inject({ url: '/auth/check', cookies })).statusCode, 401, 'an old-layout session is not signed in')
})

// The stores and the rate limiter put REDIS_KEY_PREFIX before their keys themselves (the client
// has no keyPrefix).
t.test('Redis: every key is under REDIS_KEY_PREFIX', async t => {
  const env = await redisEnv(t)
  if (env === undefined) return
  const prefix = env.REDIS_KEY_PREFIX as string
  const app = await build(t, env)
  const redis = new Redis(REDIS_URL)
  t.teardown(() => redis.quit())
  // Each key with the session ID in it shown as <id>, so that the shapes can be compared.
  const shapes = async (pattern: string): Promise<string[]> =>
    (await redis.keys(pattern)).map((key) => key.replace(/[A-Za-z0-9_-]{32}$/, '<id>')).sort()

  await getNonce(app)
  t.same(await shapes(`${prefix}*`), [`${prefix}nonce:<id>`, `${prefix}rate-limit:GET/nonce-127.0.0.1`], 'a waiting session is its nonce')
  const [nonceKey] = await redis.keys(`${prefix}nonce:*`)
  const sessionId = (nonceKey as string).slice(`${prefix}nonce:`.length)
  t.same(await redis.keys(`*${sessionId}*`), [nonceKey], 'nothing outside the prefix names the session')

  await signIn(app)
  t.same(await shapes(`${prefix}*`), [`${prefix}nonce:<id>`, `${prefix}rate-limit:GET/nonce-127.0.0.1`, `${prefix}rate-limit:POST/verify-127.0.0.1`, `${prefix}session:<id>`],
    'a sign-in leaves its session and no nonce (the first nonce, of another session, waits on)')
})

// A sign-in writes its session before the signature is checked (src/siwe/sign-in.ts): whatever
// fails, or loses the race for the nonce, leaves no key behind.
t.test('Redis: only sign-ins that succeed leave a session key', async t => {
  const env = await redisEnv(t)
  if (env === undefined) return
  const app = await build(t, env)
  const redis = new Redis(REDIS_URL)
  t.teardown(() => redis.quit())
  const sessionKeys = async (): Promise<number> => {
    // A failed sign-in's deletion is not waited for; the app's own connection answers in order.
    await (app.redis as NonNullable<typeof app.redis>).ping()
    return (await redis.keys(`${env.REDIS_KEY_PREFIX}session:*`)).length
  }
  const wallet = Wallet.createRandom()

  let { nonce, cookies } = await getNonce(app)
  let message = messageText(wallet.address, nonce)
  t.equal((await postVerify(app, cookies, message, await Wallet.createRandom().signMessage(message))).statusCode, 401, 'another signer')
  ;({ nonce, cookies } = await getNonce(app))
  message = messageText(wallet.address, `${nonce}x`)
  t.equal((await postVerify(app, cookies, message, await wallet.signMessage(message))).statusCode, 401, 'another nonce')
  t.equal(await sessionKeys(), 0, 'no session key from either')

  ;({ nonce, cookies } = await getNonce(app))
  message = messageText(wallet.address, nonce)
  const signature = await wallet.signMessage(message)
  const replies = await Promise.all(Array.from({ length: 10 }, () => postVerify(app, cookies, message, signature)))
  t.equal(replies.filter(r => r.statusCode === 200).length, 1, 'of ten at once with one nonce, one signs in')
  t.equal(await sessionKeys(), 1, 'and only its session is left')
})
