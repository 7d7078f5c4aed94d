import t from 'tap'
import type { EndpointRecord } from '../../bench/lib/latency.js'
import { authPhase, ReadTally } from '../../bench/lib/phases.js'
import type { VirtualUser } from '../../bench/lib/virtual-user.js'

/** Users whose every request answers at once, with `latencyMs()` as its latency. */
function instantUsers (count: number, latencyMs: () => number): VirtualUser[] {
  const user = {
    send: async (_call: unknown, record: EndpointRecord) => {
      record.add(latencyMs(), 200)
      return { status: 200, text: '' }
    }
  }
  return Array.from({ length: count }, () => user as unknown as VirtualUser)
}

t.test('the slices of a phase spend one request budget and add up', async (t) => {
  const tally = new ReadTally('/me')
  let latency = 1
  const users = instantUsers(3, () => latency)
  // Long enough that only the budget can end a slice.
  const limits = { durationMs: 60_000, maxRequests: 10 }
  await authPhase(users, limits, tally)
  t.equal(tally.requests, 10, 'the first slice spends the budget')
  const first = tally.result()
  latency = 100
  await authPhase(users, limits, tally)
  t.equal(tally.requests, 10, 'the next slice has none left')
  t.same(tally.result().endpoints, first.endpoints)

  const sliced = new ReadTally('/me')
  latency = 1
  await authPhase(users, { durationMs: 60_000, maxRequests: 6 }, sliced)
  latency = 100
  await authPhase(users, { durationMs: 60_000, maxRequests: 10 }, sliced)
  const result = sliced.result()
  t.same(result.endpoints, { '/me': { count: 10, p50Ms: 1, p99Ms: 100, statuses: { 200: 10 } } }, 'latencies and statuses of both slices')
  t.ok(result.wallMs >= 0 && result.clientCpuMs >= 0)
})

t.test('a slice ends at its deadline', async (t) => {
  const tally = new ReadTally('/me')
  const started = Date.now()
  await authPhase(instantUsers(1, () => 1), { durationMs: 50, maxRequests: Number.MAX_SAFE_INTEGER }, tally)
  t.ok(Date.now() - started >= 50)
  t.ok(tally.requests > 0)
  t.equal(tally.result().endpoints['/me']?.count, tally.requests)
})
