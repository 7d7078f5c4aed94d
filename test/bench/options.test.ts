import t from 'tap'
import { parseOptions } from '../../bench/lib/options.js'

t.test('defaults: every target compiled, 32 users, 10 s phases in 5 slices after 2 s of warm-up', async (t) => {
  t.same(parseOptions([]), {
    targets: ['service-memory', 'service-redis', 'quickstart', 'floor', 'hello'],
    concurrency: 32,
    durationMs: 10_000,
    warmupMs: 2000,
    maxRequests: 1_000_000,
    slices: 5,
    rounds: 1,
    redisUrl: 'redis://127.0.0.1:6379/15',
    format: 'table',
    fromSource: false
  })
})

t.test('every option', async (t) => {
  t.same(parseOptions([
    '--targets', 'quickstart,hello', '--concurrency', '4', '--duration', '0.5', '--warmup', '0.25',
    '--max-requests', '100', '--slices', '2', '--rounds', '3', '--redis-url', 'redis://127.0.0.1:6379/3', '--format', 'json',
    '--from-source'
  ]), {
    targets: ['quickstart', 'hello'],
    concurrency: 4,
    durationMs: 500,
    warmupMs: 250,
    maxRequests: 100,
    slices: 2,
    rounds: 3,
    redisUrl: 'redis://127.0.0.1:6379/3',
    format: 'json',
    fromSource: true
  })
})

t.test('refuses what it cannot use', async (t) => {
  t.throws(() => parseOptions(['--targets', 'quickstart,express']), /--targets must be one of service-memory, service-redis, quickstart, floor, hello, not "express"/)
  t.throws(() => parseOptions(['--duration', 'soon']), /--duration must be a positive number, not "soon"/)
  t.throws(() => parseOptions(['--warmup=-1']), /--warmup must be a positive number/)
  t.throws(() => parseOptions(['--duration', 'Infinity']), /--duration must be a positive number/)
  t.throws(() => parseOptions(['--concurrency', '2.5']), /--concurrency must be a whole number, not "2.5"/)
  t.throws(() => parseOptions(['--rounds', '0']), /--rounds must be a positive number, not "0"/)
  t.throws(() => parseOptions(['--slices', '1.5']), /--slices must be a whole number, not "1.5"/)
  t.throws(() => parseOptions(['--format', 'csv']), /--format must be one of table, json/)
  t.throws(() => parseOptions(['--concurrency']), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' })
  t.throws(() => parseOptions(['--users', '3']), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' })
})

t.test('never flushes a shared Redis database', async (t) => {
  t.throws(() => parseOptions(['--redis-url', 'redis://127.0.0.1:6379']), /--redis-url must name a database of the bench's own/)
  t.throws(() => parseOptions(['--redis-url', 'redis://127.0.0.1:6379/0']), /it is flushed/)
  t.throws(() => parseOptions(['--redis-url', 'redis://127.0.0.1:6379/01']), /it is flushed/)
})
