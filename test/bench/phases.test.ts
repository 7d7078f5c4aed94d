import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import type { EndpointRecord } from '../../bench/lib/latency.js'
import { ReadPhase } from '../../bench/lib/phases.js'
import type { VirtualUser } from '../../bench/lib/virtual-user.js'

/** Users whose requests answer 200 after `delayMs` (0: at once), recorded with `latencyMs()`. */
function fakeUsers (count: number, latencyMs: () => number, delayMs = 0): VirtualUser[] {
  const user = {
    send: async (_call: unknown, record: EndpointRecord) => {
      if (delayMs > 0) await sleep(delayMs)
      record.add(latencyMs(), 200)
      return { status: 200, text: '' }
    }
  }
  return Array.from({ length: count }, () => user as unknown as VirtualUser)
}

/** A server CPU clock that reads `readings` in turn. */
function cpuClock (...readings: number[]): () => Promise<number> {
  return async () => readings.shift() as number
}

t.test('the slices of a phase spend one request budget', async (t) => {
  const phase = new ReadPhase('/me', 10, cpuClock(0, 0, 0, 0))
  const users = fakeUsers(3, () => 1)
  // Long enough that only the budget can end a slice.
  await phase.run(users, 60_000)
  t.equal(phase.requests, 10, 'the first slice spends the budget')
  await phase.run(users, 60_000)
  t.equal(phase.requests, 10, 'the next one has none left')
  t.equal(phase.result().endpoints['/me']?.count, 10)
})

t.test('the slices add up: requests, latencies, wall time and server CPU', async (t) => {
  // The server's CPU clock reads 100 and 110 around the first slice, 110 and 125 around the second.
  const phase = new ReadPhase('/me', Number.MAX_SAFE_INTEGER, cpuClock(100, 110, 110, 125))
  let latency = 1
  const users = fakeUsers(2, () => latency, 5)
  await phase.run(users, 30)
  const first = phase.requests
  latency = 100
  await phase.run(users, 30)
  const result = phase.result()
  t.ok(first > 0 && phase.requests > first, 'both slices sent requests')
  t.match(result.endpoints, { '/me': { count: phase.requests, p99Ms: 100, statuses: { 200: phase.requests } } })
  t.ok(result.endpoints['/me']?.p50Ms === 1 || result.endpoints['/me']?.p50Ms === 100)
  t.equal(result.serverCpuMs, 25, 'the CPU of each slice, not of the last alone')
  // Each slice lasts until its deadline (Date.now() ticks in whole milliseconds).
  t.ok(result.wallMs >= 2 * 29, `wall time of both slices: ${result.wallMs} ms`)
  t.ok(result.clientCpuMs > 0)
})
