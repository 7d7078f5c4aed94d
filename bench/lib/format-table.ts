import type { TargetReport } from './bench-target.js'
import type { EndpointSummary } from './latency.js'
import { authPerSecond, ratios, serverCpuMsPerAuth, serverCpuMsPerSignIn, signInsPerSecond } from './ratios.js'
import type { BenchReport } from './run-bench.js'

export function table (header: string[], rows: string[][]): string {
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n')
}

const fixed = (digits: number) => (value: number): string => value.toFixed(digits)
const ms = fixed(2)
const rate = fixed(0)
const percent = (part: number, whole: number): string => `${(100 * part / whole).toFixed(0)} %`
const latency = (e: EndpointSummary): string => `${ms(e.p50Ms)} / ${ms(e.p99Ms)}`

/** Answers other than 200, as "status×count", so that a failing target cannot pass for a fast one. */
function failures (endpoints: Record<string, EndpointSummary>): string {
  const counts = new Map<string, number>()
  for (const e of Object.values(endpoints)) {
    for (const [status, count] of Object.entries(e.statuses)) counts.set(status, (counts.get(status) ?? 0) + count)
  }
  counts.delete('200')
  return [...counts].map(([status, count]) => `${status}×${count}`).join(' ') || '0'
}

function signInRows (targets: TargetReport[]): string[][] {
  return targets.flatMap((r) => r.signIn === null
    ? []
    : [[
        r.name,
        rate(signInsPerSecond(r)),
        ms(serverCpuMsPerSignIn(r)),
        percent(r.signIn.serverCpuMs, r.signIn.wallMs),
        ...Object.values(r.signIn.endpoints).map(latency),
        failures(r.signIn.endpoints)
      ]])
}

function authRows (targets: TargetReport[]): string[][] {
  return targets.map((r) => [
    r.name,
    `GET ${r.authPath}`,
    rate(authPerSecond(r)),
    latency(Object.values(r.auth.endpoints)[0] as EndpointSummary),
    fixed(1)(1000 * serverCpuMsPerAuth(r)),
    percent(r.auth.serverCpuMs, r.auth.wallMs),
    r.rssMiB.map(fixed(0)).join(' → '),
    failures(r.auth.endpoints)
  ])
}

/** What the driver itself spent: if it runs near a full core, it, not the server, sets the pace. */
function clientRows (targets: TargetReport[]): string[][] {
  return targets.map((r) => [
    r.name,
    ...(r.signIn === null
      ? ['–', '–', '–']
      : [ms(r.signIn.signingMs / r.signIn.signIns), ms(r.signIn.clientCpuMs / r.signIn.signIns), percent(r.signIn.clientCpuMs, r.signIn.wallMs)]),
    percent(r.auth.clientCpuMs, r.auth.wallMs)
  ])
}

const metWords: Record<string, string> = { true: 'yes', false: 'no', null: '–' }

/** One round's targets as Markdown tables: sign-ins, authenticated reads, the client's cost. */
function roundTables (targets: TargetReport[]): string[] {
  return [
    table(['target', 'sign-ins/s', 'server CPU ms/sign-in', 'server CPU', '/nonce p50 / p99 ms', '/verify p50 / p99 ms', '/personal_information p50 / p99 ms', 'non-200'], signInRows(targets)),
    '',
    table(['target', 'authenticated read', 'req/s', 'p50 / p99 ms', 'server CPU µs/req', 'server CPU', 'server RSS MiB: start → after sign-ins → end', 'non-200'], authRows(targets)),
    '',
    table(['target', 'client signing CPU ms/sign-in', 'client CPU ms/sign-in', 'client CPU (sign-ins)', 'client CPU (reads)'], clientRows(targets)),
    ''
  ]
}

/** The ratios to the goals: after several rounds, each round's and their median, which is judged. */
function ratioTable (rounds: TargetReport[][]): string {
  const value = fixed(3)
  const all = ratios(rounds)
  if (rounds.length === 1) {
    return table(['ratio (same run)', 'value', 'goal', 'met'], all.map((x) => [x.label, value(x.median), x.goal, metWords[String(x.met)] as string]))
  }
  return table(
    ['ratio (same round)', ...rounds.map((_, i) => `round ${i + 1}`), 'median', 'goal', 'met (median)'],
    all.map((x) => [x.label, ...x.values.map(value), value(x.median), x.goal, metWords[String(x.met)] as string])
  )
}

/** The report as Markdown tables: each round's figures, then the ratios to the goals. */
export function formatTables (report: BenchReport): string {
  const { machine, settings, rounds } = report
  return [
    `Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}; the service recovers signers with ${machine.signerBackend}, the driver signs with ${machine.clientSigner}. ` +
      (settings.fromSource ? 'Servers run from their TypeScript source under the driver\'s loader. ' : 'Servers run compiled, as `npm start` runs the service (`node --enable-source-maps dist/…`). ') +
      `${settings.concurrency} virtual users; each phase ${settings.durationMs / 1000} s after a ${settings.warmupMs / 1000} s warm-up, at most ${settings.maxRequests} requests, ` +
      `in ${settings.slices} slices, the targets taking turns slice by slice` +
      (rounds.length > 1 ? `; ${rounds.length} rounds, each with servers started anew.` : '.'),
    '',
    ...rounds.flatMap((targets, i) => [...(rounds.length > 1 ? [`Round ${i + 1} of ${rounds.length}:`, ''] : []), ...roundTables(targets)]),
    ratioTable(rounds)
  ].join('\n')
}
