import t from 'tap'
import { Redis } from 'ioredis'
import { build, redisEnv, REDIS_URL, signIn } from '../helper.js'

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

  await redis.set(key, '{not json')
  const corrupt = await app.inject({ url: '/me', cookies })
  t.equal(corrupt.statusCode, 401, 'a value that is not JSON: signed out')
  t.match(corrupt.json(), { code: 'unauthorized' })

  // Where @fastify/session kept sessions before this layer: its entries are not read at all.
  const sessionId = key.slice('session:'.length)
  await redis.del(key)
  await redis.set(`sess:${sessionId}`, JSON.stringify({ cookie: { expires: null }, account: { address: '0x0' } }))
  t.equal((await app.inject({ url: '/auth/check', cookies })).statusCode, 401, 'an old-layout session is not signed in')
})
