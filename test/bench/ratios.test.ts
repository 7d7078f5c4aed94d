import t from 'tap'
import type { TargetReport } from '../../bench/lib/bench-target.js'
import { ratios } from '../../bench/lib/ratios.js'
import type { TargetName } from '../../bench/lib/targets.js'

// A target that signed 100 users in within a second, at `cpuMsPerSignIn` each; only what the
// ratios read is filled in.
function report (name: TargetName, cpuMsPerSignIn: number): TargetReport {
  const endpoints = { '/me': { count: 1000, p50Ms: 1, p99Ms: 2, statuses: { 200: 1000 } } }
  return {
    name,
    authPath: '/me',
    signIn: { wallMs: 1000, clientCpuMs: 0, endpoints: {}, signIns: 100, signingMs: 0, serverCpuMs: 100 * cpuMsPerSignIn },
    auth: { wallMs: 1000, clientCpuMs: 0, endpoints, serverCpuMs: 50 },
    rssMiB: [1, 2, 3]
  }
}

const cpuGoal = 'server CPU per sign-in: service (memory) ÷ quickstart'

t.test('each round gives its own ratio; the median is judged', async (t) => {
  const rounds = [[0.5, 10], [0.9, 10], [0.6, 10]].map(([service, quickstart]) =>
    [report('service-memory', service as number), report('quickstart', quickstart as number)])
  const [cpu, ...others] = ratios(rounds)
  t.same(others, [], 'no goal of a target that was not measured')
  t.equal(cpu?.label, cpuGoal)
  t.same(cpu?.values.map((x) => Number(x.toFixed(3))), [0.05, 0.09, 0.06], 'in round order')
  t.equal(cpu?.median.toFixed(3), '0.060')
  t.equal(cpu?.met, true, 'met by the median, though not by round 2')
})

t.test('with an even number of rounds the median lies between the middle two', async (t) => {
  const rounds = [1, 1.2].map((service) => [report('service-memory', service), report('quickstart', 10)])
  t.equal(ratios(rounds)[0]?.median.toFixed(3), '0.110')
  t.equal(ratios(rounds)[0]?.met, false)
})

t.test('a reference has no verdict', async (t) => {
  const [, reference] = ratios([[report('floor', 0.2), report('quickstart', 4), report('service-memory', 0.3)]])
  t.match(reference, { label: 'server CPU per sign-in: floor ÷ quickstart (reference)', values: [0.05], median: 0.05, goal: '–', met: null })
})

t.test('no rounds, no ratios', async (t) => {
  t.same(ratios([]), [])
})
