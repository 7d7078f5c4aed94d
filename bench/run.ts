// `npm run bench`: benchmarks the service (memory store and Redis) beside the quickstart's Express
// backend and a Fastify hello world, and prints the figures and their ratios (see README.md).
import { stopServersOnExit } from './lib/child-server.js'
import { formatTables } from './lib/format-table.js'
import { parseOptions } from './lib/options.js'
import { runBench } from './lib/run-bench.js'
import type { BenchReport } from './lib/run-bench.js'

stopServersOnExit()

const options = parseOptions(process.argv.slice(2))
const report = await runBench(options, (line) => process.stderr.write(`${line}\n`))
const printers: Record<typeof options.format, (r: BenchReport) => string> = {
  table: formatTables,
  json: (r) => JSON.stringify(r, null, 2)
}
process.stdout.write(`${printers[options.format](report)}\n`)
