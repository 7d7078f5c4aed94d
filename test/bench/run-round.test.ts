import t from 'tap'
import type { BenchSettings, OpenTarget, TargetReport } from '../../bench/lib/bench-target.js'
import { runRound } from '../../bench/lib/run-bench.js'
import type { TargetName } from '../../bench/lib/targets.js'

const settings: BenchSettings = { fromSource: false, concurrency: 1, durationMs: 900, warmupMs: 100, maxRequests: 10, slices: 3 }

/** Targets that only note what is done to them, in order; `fail` names the steps that throw. */
function fakeTargets (...fail: string[]): { events: string[], open: (name: TargetName) => Promise<OpenTarget> } {
  const events: string[] = []
  const step = async (event: string): Promise<void> => {
    events.push(event)
    if (fail.includes(event)) throw new Error(`${event} failed`)
  }
  const open = async (name: TargetName): Promise<OpenTarget> => {
    await step(`open ${name}`)
    return {
      name,
      signsIn: name !== 'hello',
      warmUp: (phase) => step(`${name} warm-up ${phase}`),
      measure: (phase, durationMs) => step(`${name} ${phase} ${durationMs}`),
      noteRss: () => step(`${name} rss`),
      report: () => ({ name }) as TargetReport,
      close: () => step(`close ${name}`)
    }
  }
  return { events, open }
}

t.test('every server starts, then each phase is measured in slices, the targets taking turns', async (t) => {
  const { events, open } = fakeTargets()
  const log: string[] = []
  const reports = await runRound(['service-memory', 'floor', 'hello'], settings, open, (line) => log.push(line))
  t.same(reports.map((r) => r.name), ['service-memory', 'floor', 'hello'])
  t.same(events, [
    'open service-memory', 'open floor', 'open hello',
    'service-memory rss', 'floor rss', 'hello rss',
    // hello has no sign-in.
    'service-memory warm-up signIn', 'floor warm-up signIn',
    'service-memory signIn 300', 'floor signIn 300',
    'service-memory signIn 300', 'floor signIn 300',
    'service-memory signIn 300', 'floor signIn 300',
    'service-memory rss', 'floor rss',
    'service-memory warm-up auth', 'floor warm-up auth', 'hello warm-up auth',
    'service-memory auth 300', 'floor auth 300', 'hello auth 300',
    'service-memory auth 300', 'floor auth 300', 'hello auth 300',
    'service-memory auth 300', 'floor auth 300', 'hello auth 300',
    'service-memory rss', 'floor rss', 'hello rss',
    'close service-memory', 'close floor', 'close hello'
  ])
  t.same(log, [
    'sign-ins: service-memory, floor; 3 slices of 0.3 s each',
    'authenticated reads: service-memory, floor, hello; 3 slices of 0.3 s each'
  ])
})

t.test('a server that does not start stops those already started', async (t) => {
  const { events, open } = fakeTargets('open floor')
  await t.rejects(runRound(['service-memory', 'floor', 'hello'], settings, open, () => {}), /open floor failed/)
  t.same(events, ['open service-memory', 'open floor', 'close service-memory'])
})

t.test('a slice that fails stops every server', async (t) => {
  const { events, open } = fakeTargets('floor signIn 300')
  await t.rejects(runRound(['service-memory', 'floor'], settings, open, () => {}), /floor signIn 300 failed/)
  t.same(events.slice(-3), ['floor signIn 300', 'close service-memory', 'close floor'])
})

t.test('targets without a sign-in have no sign-in phase', async (t) => {
  const { events, open } = fakeTargets()
  const log: string[] = []
  await runRound(['hello'], settings, open, (line) => log.push(line))
  t.notOk(events.some((e) => e.includes('signIn')))
  t.same(log, ['authenticated reads: hello; 3 slices of 0.3 s each'])
})

t.test('a server that does not stop fails the round, once every server was stopped', async (t) => {
  const { events, open } = fakeTargets('close service-memory')
  await t.rejects(runRound(['service-memory', 'floor'], settings, open, () => {}), /close service-memory failed/)
  t.same(events.slice(-2), ['close service-memory', 'close floor'])
})

t.test('a round that fails reports its own error, not a failed stop after it', async (t) => {
  const { events, open } = fakeTargets('floor signIn 300', 'close service-memory')
  await t.rejects(runRound(['service-memory', 'floor'], settings, open, () => {}), /floor signIn 300 failed/)
  t.same(events.slice(-2), ['close service-memory', 'close floor'])
})
