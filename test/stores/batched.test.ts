import t from 'tap'
import { Redis } from 'ioredis'
import { batched } from '../../src/stores/batched.js'
import { REDIS_URL, redisEnv } from '../helper.js'

t.test('the commands of one turn leave in one write, the next turn in a write of its own', async t => {
  const env = await redisEnv(t)
  if (env === undefined) return
  const prefix = env.REDIS_KEY_PREFIX as string
  const redis = new Redis(REDIS_URL)
  t.teardown(() => redis.quit())
  await redis.ping()
  const socket = redis.stream
  // The socket's own writes, one call each time the stream hands its buffer to the system.
  const internals = socket as unknown as { _write: (...args: unknown[]) => void, _writev: (chunks: unknown[], ...args: unknown[]) => void }
  const writev = t.capture(internals, '_writev', internals._writev)
  const write = t.capture(internals, '_write', internals._write)

  const answers = Promise.all([
    batched(redis).set(`${prefix}a`, '1'),
    batched(redis).set(`${prefix}b`, '2'),
    batched(redis).get(`${prefix}a`)
  ])
  t.equal(socket.writableCorked, 1, 'corked once, however many commands')
  t.same(await answers, ['OK', 'OK', '1'])
  t.equal(socket.writableCorked, 0, 'uncorked when the turn ended')
  t.equal(write().length, 0)
  t.same(writev().map((call) => (call.args[0] as unknown[]).length), [3], 'one write of three commands')

  t.equal(await batched(redis).get(`${prefix}b`), '2')
  t.equal(writev().length + write().length, 1, 'a later command, a write of its own')
})

t.test('before the client has a socket, the command goes to ioredis as it is', async t => {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false })
  // A command starts the connection a lazy client has not made yet.
  t.teardown(() => redis.disconnect())
  t.equal(redis.stream, undefined)
  t.equal(batched(redis), redis)
  await t.rejects(batched(redis).get('anything'), /enableOfflineQueue/, 'which refuses it')
})
