import { spawn } from 'node:child_process'
import { text } from 'node:stream/consumers'
import t from 'tap'
import { projectRoot } from '../../bench/lib/child-server.js'
import { formatTables } from '../../bench/lib/format-table.js'
import type { BenchReport } from '../../bench/lib/run-bench.js'

// A short run of `npm run bench` with tiny settings, so the driver cannot rot. It asserts the
// report's shape and that sign-ins happened, never timings: those are the bench's business.
t.setTimeout(300_000)

const args = [
  '--targets', 'service-memory,service-redis,quickstart,floor,hello',
  '--concurrency', '4',
  '--duration', '0.5',
  '--warmup', '0.2',
  '--max-requests', '400',
  '--slices', '2',
  '--rounds', '2',
  // Not the bench's default database, which a real run may be using meanwhile.
  '--redis-url', 'redis://127.0.0.1:6379/14',
  '--format', 'json',
  // Under the test runner's loader, for coverage; `.ci/run` runs the compiled targets once too.
  '--from-source'
]
const driver = spawn(process.execPath, [...process.execArgv, 'bench/run.ts', ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] })
const [stdout, stderr] = await Promise.all([text(driver.stdout), text(driver.stderr)])
t.equal(driver.exitCode ?? await new Promise((resolve) => driver.once('exit', resolve)), 0, stderr)
const report = JSON.parse(stdout) as BenchReport

t.test('the report covers every target', async (t) => {
  t.match(report.machine, { cores: Number, cpu: String, node: process.version, signerBackend: /^(libsecp256k1-native|libsecp256k1-wasm|javascript)$/, clientSigner: /^(libsecp256k1-native|noble)$/ })
  t.same(report.settings, { fromSource: true, concurrency: 4, durationMs: 500, warmupMs: 200, maxRequests: 400, slices: 2, rounds: 2 })
  t.equal(report.rounds.length, 2)
  for (const round of report.rounds) {
    t.same(round.map((r) => [r.name, r.authPath]), [
      ['service-memory', '/me'],
      ['service-redis', '/me'],
      ['quickstart', '/personal_information'],
      ['floor', '/personal_information'],
      ['hello', '/me']
    ])
  }
  t.match(stderr, /round 1 of 2\n(.*\n)*round 2 of 2\n/)
  t.match(stderr, /\nsign-ins: service-memory, service-redis, quickstart, floor; 2 slices of 0\.25 s each\nauthenticated reads: service-memory, service-redis, quickstart, floor, hello; 2 slices of 0\.25 s each\n/)
  t.match(stderr, /hello: pid \d+ listening on http:\/\/127\.0\.0\.1:\d+/)
})

t.test('users signed in, then read as signed-in users', async (t) => {
  const targets = report.rounds.flat()
  for (const target of targets.filter((r) => r.name !== 'hello')) {
    const signIn = target.signIn as NonNullable<typeof target.signIn>
    t.ok(signIn.signIns > 0, `${target.name} signed users in`)
    t.ok(signIn.signingMs > 0)
    t.ok(signIn.serverCpuMs >= 0)
    for (const path of ['/nonce', '/verify', '/personal_information']) {
      const endpoint = signIn.endpoints[path] as NonNullable<(typeof signIn.endpoints)[string]>
      t.ok(endpoint.count >= signIn.signIns, `${target.name} ${path}`)
      t.ok(3 * endpoint.count <= 400, 'a sign-in costs 3 of the phase\'s 400 requests, over both slices')
      t.ok(endpoint.p99Ms >= endpoint.p50Ms)
      // Each sign-in counts only when all its answers were 200; none may fail here.
      t.same(endpoint.statuses, { 200: endpoint.count }, `${target.name} ${path} answered 200`)
    }
  }
  for (const target of targets) {
    const endpoint = target.auth.endpoints[target.authPath] as NonNullable<(typeof target.auth.endpoints)[string]>
    t.ok(endpoint.count > 0)
    t.ok(endpoint.count <= 400, 'the reads keep within the budget over both slices')
    t.same(endpoint.statuses, { 200: endpoint.count }, `${target.name} ${target.authPath} answered 200`)
    t.equal(target.rssMiB.length, target.signIn === null ? 2 : 3)
    t.ok(target.rssMiB.every((rss) => rss > 0))
  }
  t.same(targets.filter((r) => r.signIn === null).map((r) => r.name), ['hello', 'hello'], 'hello has no sign-in')
})

const goals = [
  'server CPU per sign-in: service (memory) ÷ quickstart',
  'server CPU per sign-in: floor ÷ quickstart (reference)',
  'server CPU per sign-in: service (memory) ÷ floor (reference)',
  'sign-ins/s: service (Redis) ÷ service (memory)',
  'server CPU per sign-in: service (memory) ÷ service (Redis)',
  'GET /me req/s: service (memory) ÷ Fastify hello world',
  'server CPU per GET /me: Fastify hello world ÷ service (memory)',
  'GET /me req/s: service (Redis) ÷ Fastify hello world',
  'server CPU per GET /me: Fastify hello world ÷ service (Redis)'
]
const escape = (text: string): string => text.replace(/[()/]/g, '\\$&')

t.test('the tables show every round, every target and every ratio goal', async (t) => {
  const tables = formatTables(report)
  t.match(tables, /^Machine: \d+ cores .*Node v\d+.*; the service recovers signers with (libsecp256k1-native|libsecp256k1-wasm|javascript), the driver signs with (libsecp256k1-native|noble)\. Servers run from their TypeScript source under the driver's loader\. .*in 2 slices, the targets taking turns slice by slice; 2 rounds, each with servers started anew\./)
  t.match(tables, /\nRound 1 of 2:\n\n\| target \| sign-ins\/s (.*\n)+Round 2 of 2:\n\n\| target \| sign-ins\/s/)
  t.match(tables, /\| ratio \(same round\) \| round 1 \| round 2 \| median \| goal \| met \(median\) \|/)
  t.match(tables, /\| service-memory \| \d+ \| \d+\.\d\d \| \d+ % \|/)
  t.match(tables, /\| hello \| GET \/me \| \d+ \|/)
  t.match(tables, /\| quickstart \| \d+\.\d\d \| \d+\.\d\d \| \d+ % \|/)
  t.match(tables, /\| hello \| – \| – \| – \| \d+ % \|/)
  for (const goal of goals) {
    // Any value: a phase this short may see no tick of a server's CPU clock.
    t.match(tables, new RegExp(`\\| ${escape(goal)} \\| \\S+ \\| \\S+ \\| \\S+ \\| ([≤≥] [\\d.]+.* \\| (yes|no)|– \\| –) \\|`))
  }
})

t.test('after one round, one value per ratio', async (t) => {
  const tables = formatTables({ ...report, rounds: [report.rounds[0] as BenchReport['rounds'][number]] })
  t.notMatch(tables, /Round \d/)
  t.match(tables, /\| ratio \(same run\) \| value \| goal \| met \|/)
  for (const goal of goals) {
    t.match(tables, new RegExp(`\\| ${escape(goal)} \\| \\S+ \\| ([≤≥] [\\d.]+.* \\| (yes|no)|– \\| –) \\|`))
  }
})

t.test('the tables say how the servers ran', async (t) => {
  t.match(formatTables({ ...report, settings: { ...report.settings, fromSource: false } }), /\. Servers run compiled, as `npm start` runs the service \(`node --enable-source-maps dist\/…`\)\. \d+ virtual users/)
})

t.test('failed answers are counted in the table, not hidden', async (t) => {
  const quickstart = structuredClone(report.rounds[0]?.[2]) as BenchReport['rounds'][number][number]
  quickstart.auth.endpoints['/personal_information'] = { count: 3, p50Ms: 1, p99Ms: 2, statuses: { 200: 1, 401: 2 } }
  t.match(formatTables({ ...report, rounds: [[quickstart]] }), /\| quickstart \| GET \/personal_information \| .* \| 401×2 \|/)
})
