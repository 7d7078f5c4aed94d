import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import type { Test } from 'tap'
import { callgrindWrapper, readCallgrindTotal, requireValgrind } from '../../bench/lib/callgrind.js'
import { projectRoot } from '../../bench/lib/child-server.js'
import { countInstructions } from '../../bench/lib/count-instructions.js'
import type { InstructionCount } from '../../bench/lib/count-instructions.js'
import { parseInstructionOptions } from '../../bench/lib/instruction-options.js'
import { formatInstructionReport, formatInstructionTable } from '../../bench/lib/instruction-table.js'
import { createTarget } from '../../bench/lib/targets.js'

// Servers under valgrind start in seconds rather than milliseconds, and run ten times slower.
t.setTimeout(300_000)

const redisUrl = 'redis://127.0.0.1:6379/14'

/** valgrind is on the machines CI runs on; elsewhere a test that needs it says why it skipped. */
async function needsValgrind (t: Test): Promise<boolean> {
  const missing = await requireValgrind().then(() => null, (err: Error) => err.message)
  if (missing === null) return true
  if (process.env.CI === 'true') t.fail(missing)
  else t.plan(0, missing)
  return false
}

t.test('options: the service, the floor and the quickstart, 3000 sign-ins of warm-up and 500 counted by default', async (t) => {
  t.same(parseInstructionOptions([]), {
    targets: ['service-memory', 'floor', 'quickstart'],
    warmup: 3000,
    signIns: 500,
    concurrency: 8,
    redisUrl: 'redis://127.0.0.1:6379/15',
    format: 'table',
    fromSource: false
  })
  t.same(parseInstructionOptions(['--targets', 'service-redis', '--warmup', '10', '--sign-ins', '5', '--concurrency', '2', '--redis-url', 'redis://127.0.0.1:6379/3', '--format', 'json', '--from-source']), {
    targets: ['service-redis'],
    warmup: 10,
    signIns: 5,
    concurrency: 2,
    redisUrl: 'redis://127.0.0.1:6379/3',
    format: 'json',
    fromSource: true
  })
  t.throws(() => parseInstructionOptions(['--targets', 'hello']), { message: '--targets must be one of service-memory, service-redis, quickstart, floor, not "hello"' })
  t.throws(() => parseInstructionOptions(['--sign-ins', '0']), { message: '--sign-ins must be a positive number, not "0"' })
  t.throws(() => parseInstructionOptions(['--redis-url', 'redis://127.0.0.1:6379/0']), /--redis-url must name a database of the bench's own/)
  t.throws(() => parseInstructionOptions(['--rounds', '2']), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' })
})

t.test('the table: millions of instructions per sign-in, then the ratio of each pair counted', async (t) => {
  const count = (name: InstructionCount['name'], perSignIn: number): InstructionCount => ({ name, signIns: 500, instructions: perSignIn * 500, instructionsPerSignIn: perSignIn })
  t.equal(formatInstructionTable([count('service-memory', 1_312_000), count('floor', 1_058_000), count('quickstart', 30_350_000)]), [
    '| target | million instructions per sign-in | sign-ins counted |',
    '| --- | --- | --- |',
    '| service-memory | 1.312 | 500 |',
    '| floor | 1.058 | 500 |',
    '| quickstart | 30.350 | 500 |',
    '',
    '| instructions per sign-in (same run) | ratio |',
    '| --- | --- |',
    '| service-memory ÷ quickstart | 0.043 |',
    '| floor ÷ quickstart | 0.035 |',
    '| service-memory ÷ floor | 1.240 |'
  ].join('\n'))
  t.equal(formatInstructionTable([count('service-redis', 1_400_000)]), [
    '| target | million instructions per sign-in | sign-ins counted |',
    '| --- | --- | --- |',
    '| service-redis | 1.400 | 500 |'
  ].join('\n'), 'one target: no ratios')
})

t.test('the report is the table, or JSON with the settings and the Node that ran them', async (t) => {
  const counts: InstructionCount[] = [{ name: 'floor', signIns: 2, instructions: 3_000_000, instructionsPerSignIn: 1_500_000 }]
  const options = parseInstructionOptions(['--targets', 'floor', '--sign-ins', '2'])
  t.equal(formatInstructionReport(options, counts), formatInstructionTable(counts))
  t.same(JSON.parse(formatInstructionReport({ ...options, format: 'json' }, counts)), { node: process.version, settings: { ...options, format: 'json' }, counts })
})

t.test('a dump\'s total is its "totals:" line; a missing dump or one without it is an error that says so', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'callgrind-test-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const dump = join(dir, 'callgrind.out.1')
  await writeFile(dump, '# callgrind format\nversion: 1\nevents: Ir\nsummary: 1234\n\nfn=(1) main\n0 1234\n\ntotals: 1234\n')
  t.equal(await readCallgrindTotal(dump), 1234)
  await writeFile(dump, '# callgrind format\nevents: Ir\n')
  await t.rejects(readCallgrindTotal(dump), { message: `${dump} holds no "totals:" line` })
  await t.rejects(readCallgrindTotal(join(dir, 'nothing.1')), { message: new RegExp(`^callgrind wrote no counts to ${join(dir, 'nothing.1')} \\(did callgrind_control reach the server\\?\\): ENOENT`) })
})

t.test('callgrind starts with counting off, writing where it is told', async (t) => {
  t.same(callgrindWrapper('/somewhere/callgrind.out'), ['valgrind', '--tool=callgrind', '--instr-atstart=no', '--callgrind-out-file=/somewhere/callgrind.out'])
  t.same(callgrindWrapper('/somewhere/callgrind.out', '/opt/valgrind/bin/valgrind')[0], '/opt/valgrind/bin/valgrind')
})

t.test('without valgrind, counting fails at once with what to install, and starts no server', async (t) => {
  const settings = { warmup: 1, signIns: 1, concurrency: 1, fromSource: true, valgrind: 'no-such-valgrind' }
  await t.rejects(countInstructions(createTarget('floor', redisUrl), settings, () => t.fail('nothing is logged')), {
    message: /^counting instructions needs valgrind \(Debian and Ubuntu: apt-get install valgrind\); "no-such-valgrind --version" failed: .*ENOENT/
  })
})

t.test('a server whose sign-ins fail is not counted: the error says how many succeeded', async (t) => {
  if (!await needsValgrind(t)) return
  // The hello peer has no /nonce: every sign-in fails, and a count of failures would mean nothing.
  const hello = createTarget('hello', redisUrl)
  await t.rejects(countInstructions(hello, { warmup: 2, signIns: 1, concurrency: 1, fromSource: true }, () => {}), { message: 'hello warming up: 0 of 2 sign-ins succeeded' })
})

t.test('a server that does not start under callgrind is an error, and leaves no folder for its counts behind', async (t) => {
  if (!await needsValgrind(t)) return
  const folders = async (): Promise<string[]> => (await readdir(tmpdir())).filter((name) => name.startsWith('bench-callgrind-')).sort()
  const before = await folders()
  const missing = { ...createTarget('floor', redisUrl), server: { entry: 'bench/peers/no-such-server.ts', env: {}, readyPath: '/' } }
  await t.rejects(countInstructions(missing, { warmup: 1, signIns: 1, concurrency: 1, fromSource: true }, () => t.fail('nothing is logged')), /^bench\/peers\/no-such-server\.ts did not start on http:\/\/127\.0\.0\.1:\d+: /)
  t.same(await folders(), before)
})

// The floor only: the service from source, under the test runner's loader and valgrind, loads its
// plugins slower than Fastify waits for them. `.ci/run` counts the compiled service briefly.
t.test('the floor, counted under callgrind: whole sign-ins, a positive count', async (t) => {
  if (!await needsValgrind(t)) return
  const lines: string[] = []
  const count = await countInstructions(createTarget('floor', redisUrl), { warmup: 20, signIns: 6, concurrency: 2, fromSource: true }, (line) => lines.push(line))
  t.equal(count.name, 'floor')
  t.equal(count.signIns, 6)
  t.ok(Number.isInteger(count.instructions) && count.instructions > 0, `${count.instructions} instructions`)
  t.equal(count.instructionsPerSignIn, count.instructions / 6)
  t.match(lines, [/^floor: pid \d+ under callgrind on http:\/\/127\.0\.0\.1:\d+; 20 sign-ins to warm up, 6 counted$/])
})

t.test('`npm run bench:instructions` runs the driver: the table, and what it counts on stderr', async (t) => {
  if (!await needsValgrind(t)) return
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [...process.execArgv, 'bench/instructions.ts', '--targets', 'floor', '--warmup', '5', '--sign-ins', '2', '--concurrency', '1', '--from-source'], { cwd: projectRoot })
  t.match(stdout, /^\| target \| million instructions per sign-in \| sign-ins counted \|\n\| --- \| --- \| --- \|\n\| floor \| \d+\.\d{3} \| 2 \|\n$/)
  t.match(stderr, /^floor: pid \d+ under callgrind on http:\/\/127\.0\.0\.1:\d+; 5 sign-ins to warm up, 2 counted\n$/)
})
