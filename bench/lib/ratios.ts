import type { TargetReport } from './bench-target.js'
import type { TargetName } from './targets.js'

type Metric = (report: TargetReport) => number

// Sign-in metrics are only asked of targets that sign in, whose `signIn` is never null.
const signInOf = (r: TargetReport): NonNullable<TargetReport['signIn']> => r.signIn as NonNullable<TargetReport['signIn']>

export const signInsPerSecond: Metric = (r) => signInOf(r).signIns * 1000 / signInOf(r).wallMs
export const serverCpuMsPerSignIn: Metric = (r) => signInOf(r).serverCpuMs / signInOf(r).signIns
export const authPerSecond: Metric = (r) => requestsOf(r.auth.endpoints) * 1000 / r.auth.wallMs
export const serverCpuMsPerAuth: Metric = (r) => r.auth.serverCpuMs / requestsOf(r.auth.endpoints)

function requestsOf (endpoints: Record<string, { count: number }>): number {
  return Object.values(endpoints).reduce((sum, e) => sum + e.count, 0)
}

/**
 * A goal of issue 6, as the ratio of one target's figure to another's measured in the same round; or,
 * without `met`, a reference to read the goals by.
 */
interface RatioGoal {
  label: string
  numerator: TargetName
  denominator: TargetName
  metric: Metric
  goal: string
  met?: (ratio: number) => boolean
}

// The throughput goals are also given as ratios of server CPU per operation (inverted, so higher is
// better alike): that is the throughput ratio the two would have with the server as the bottleneck,
// and it holds when the client or a busy machine sets the pace instead.
const goals: RatioGoal[] = [
  { label: 'server CPU per sign-in: service (memory) ÷ quickstart', numerator: 'service-memory', denominator: 'quickstart', metric: serverCpuMsPerSignIn, goal: '≤ 0.067 (1/15)', met: (x) => x <= 1 / 15 },
  { label: 'server CPU per sign-in: floor ÷ quickstart (reference)', numerator: 'floor', denominator: 'quickstart', metric: serverCpuMsPerSignIn, goal: '–' },
  { label: 'server CPU per sign-in: service (memory) ÷ floor (reference)', numerator: 'service-memory', denominator: 'floor', metric: serverCpuMsPerSignIn, goal: '–' },
  { label: 'sign-ins/s: service (Redis) ÷ service (memory)', numerator: 'service-redis', denominator: 'service-memory', metric: signInsPerSecond, goal: '≥ 0.80', met: (x) => x >= 0.8 },
  { label: 'server CPU per sign-in: service (memory) ÷ service (Redis)', numerator: 'service-memory', denominator: 'service-redis', metric: serverCpuMsPerSignIn, goal: '≥ 0.80', met: (x) => x >= 0.8 },
  { label: 'GET /me req/s: service (memory) ÷ Fastify hello world', numerator: 'service-memory', denominator: 'hello', metric: authPerSecond, goal: '≥ 0.60', met: (x) => x >= 0.6 },
  { label: 'server CPU per GET /me: Fastify hello world ÷ service (memory)', numerator: 'hello', denominator: 'service-memory', metric: serverCpuMsPerAuth, goal: '≥ 0.60', met: (x) => x >= 0.6 },
  { label: 'GET /me req/s: service (Redis) ÷ Fastify hello world', numerator: 'service-redis', denominator: 'hello', metric: authPerSecond, goal: '≥ 0.60', met: (x) => x >= 0.6 },
  { label: 'server CPU per GET /me: Fastify hello world ÷ service (Redis)', numerator: 'hello', denominator: 'service-redis', metric: serverCpuMsPerAuth, goal: '≥ 0.60', met: (x) => x >= 0.6 }
]

export interface Ratio {
  label: string
  /** The ratio in each round, its two figures measured in that round. */
  values: number[]
  /** The median of `values` (their only value after one round): what `met` judges. */
  median: number
  goal: string
  /** Null for a reference, which has no goal. */
  met: boolean | null
}

function median (values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle] as number : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** The goals whose two targets were both measured, each round's ratio and their median. */
export function ratios (rounds: TargetReport[][]): Ratio[] {
  const byName = rounds.map((reports) => new Map(reports.map((r) => [r.name, r])))
  const measured = byName[0] ?? new Map<TargetName, TargetReport>()
  return goals
    .filter((g) => measured.has(g.numerator) && measured.has(g.denominator))
    .map((g) => {
      const values = byName.map((round) => g.metric(round.get(g.numerator) as TargetReport) / g.metric(round.get(g.denominator) as TargetReport))
      const middle = median(values)
      return { label: g.label, values, median: middle, goal: g.goal, met: g.met?.(middle) ?? null }
    })
}
