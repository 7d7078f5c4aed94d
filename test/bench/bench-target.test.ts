import t from 'tap'
import { openTarget } from '../../bench/lib/bench-target.js'
import { createTarget } from '../../bench/lib/targets.js'

// A real server (the hello peer, from source under the test runner's loader): what a warm-up and
// the measured slices add to its figures.
t.setTimeout(120_000)

t.test('warm-ups are not measured; measured slices add up', async (t) => {
  const log: string[] = []
  const settings = { fromSource: true, concurrency: 2, durationMs: 400, warmupMs: 100, maxRequests: 1_000_000, slices: 2 }
  const target = await openTarget(createTarget('hello', 'redis://127.0.0.1:6379/14'), settings, (line) => log.push(line))
  try {
    t.match(log, [/^hello: pid \d+ listening on http:\/\/127\.0\.0\.1:\d+$/])
    t.equal(target.signsIn, false)
    await target.noteRss()
    await target.warmUp('auth')
    t.match(target.report(), { name: 'hello', authPath: '/me', signIn: null, auth: { wallMs: 0, clientCpuMs: 0, serverCpuMs: 0, endpoints: { '/me': { count: 0 } } } }, 'nothing of the warm-up')
    await target.measure('auth', 200)
    const first = target.report().auth
    await target.measure('auth', 200)
    const both = target.report().auth
    t.ok((first.endpoints['/me']?.count ?? 0) > 0)
    t.ok((both.endpoints['/me']?.count ?? 0) > (first.endpoints['/me']?.count ?? 0), 'the second slice adds its reads')
    t.ok(both.wallMs >= first.wallMs + 199, 'and its time')
    t.same(both.endpoints['/me']?.statuses, { 200: both.endpoints['/me']?.count })
    await target.noteRss()
    t.equal(target.report().rssMiB.length, 2)
  } finally {
    await target.close()
  }
})
