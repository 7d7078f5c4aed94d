import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { REDIS_COMMAND_TIMEOUT_MS } from '../../plugins/redis.js'
import { batchThisTurn } from '../../src/stores/batch-this-turn.js'
import { build, REDIS_URL, redisEnv } from '../helper.js'

/** A client of its own on the machine's Redis, connected, and the test's key prefix; none without Redis. */
async function connectedClient (t: Test): Promise<{ redis: Redis, prefix: string } | undefined> {
  const env = await redisEnv(t)
  if (env === undefined) return undefined
  const redis = new Redis(REDIS_URL)
  t.teardown(() => redis.quit())
  await redis.ping()
  return { redis, prefix: env.REDIS_KEY_PREFIX as string }
}

t.test('the commands of one callback leave in one write, a later one in a write of its own', async t => {
  const client = await connectedClient(t)
  if (client === undefined) return
  const { redis, prefix } = client
  const socket = redis.stream
  // The socket's own writes, one call each time the stream hands its buffer to the system.
  const internals = socket as unknown as { _write: (...args: unknown[]) => void, _writev: (chunks: unknown[], ...args: unknown[]) => void }
  const writev = t.capture(internals, '_writev', internals._writev)
  const write = t.capture(internals, '_write', internals._write)

  const answers = Promise.all([
    batchThisTurn(redis).set(`${prefix}a`, '1'),
    batchThisTurn(redis).set(`${prefix}b`, '2'),
    batchThisTurn(redis).get(`${prefix}a`)
  ])
  t.equal(socket.writableCorked, 1, 'corked once, however many commands')
  t.same(await answers, ['OK', 'OK', '1'])
  t.equal(socket.writableCorked, 0, 'uncorked when the callback ended')
  t.equal(write().length, 0)
  t.same(writev().map((call) => (call.args[0] as unknown[]).length), [3], 'one write of three commands')

  t.equal(await batchThisTurn(redis).get(`${prefix}b`), '2')
  t.equal(writev().length + write().length, 1, 'a later command, a write of its own')
})

t.test('a command sent from a nextTick callback is answered, and its socket uncorked after it', async t => {
  const client = await connectedClient(t)
  if (client === undefined) return
  const { redis, prefix } = client
  // nextTick callbacks run where batchThisTurn uncorks; one added there runs after it.
  const answer = await new Promise((resolve, reject) => {
    process.nextTick(() => { batchThisTurn(redis).set(`${prefix}c`, '3').then(resolve, reject) })
  })
  t.equal(answer, 'OK')
  t.equal(redis.stream.writableCorked, 0)
})

t.test('a connection closed in the turn its socket was corked in: the command is answered, no socket stays corked', async t => {
  const client = await connectedClient(t)
  if (client === undefined) return
  const { redis, prefix } = client
  const first = redis.stream
  const answer = batchThisTurn(redis).set(`${prefix}d`, '4')
  const reconnected = new Promise((resolve) => redis.once('ready', resolve))
  redis.disconnect(true)
  t.equal(await answer, 'OK')
  await reconnected
  t.not(redis.stream, first, 'a new socket')
  t.equal(first.writableCorked, 0)
  t.equal(redis.stream.writableCorked, 0)
  t.equal(await batchThisTurn(redis).get(`${prefix}d`), '4', 'which carries commands')
})

t.test('before the client has a socket, the command goes to ioredis as it is', async t => {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false })
  // A command starts the connection a lazy client has not made yet; without Redis it fails quietly.
  redis.on('error', () => {})
  t.teardown(() => redis.disconnect())
  t.equal(redis.stream, undefined)
  t.equal(batchThisTurn(redis), redis)
  await t.rejects(batchThisTurn(redis).get('anything'), /enableOfflineQueue/, 'which refuses it')
})

// The 2 s bound of a hung Redis rests on these: each command timed by ioredis from its call and
// written at once (no auto-pipelining, whose batches wait for each other), none queued while offline.
t.test("the app's client: no auto-pipelining, a timeout per command, no offline queue", async t => {
  const env = await redisEnv(t)
  if (env === undefined) return
  const app = await build(t, env)
  t.match(app.redis?.options, { enableAutoPipelining: false, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, enableOfflineQueue: false })
  t.equal(REDIS_COMMAND_TIMEOUT_MS, 600)
})
