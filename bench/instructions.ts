// `npm run bench:instructions`: the instructions each server runs per sign-in, counted by valgrind's
// callgrind, and their ratios: a measure of the work that a busy machine does not move (README.md).
import { stopServersOnExit } from './lib/child-server.js'
import { countInstructions } from './lib/count-instructions.js'
import type { InstructionCount } from './lib/count-instructions.js'
import { parseInstructionOptions } from './lib/instruction-options.js'
import { formatInstructionReport } from './lib/instruction-table.js'
import { createTarget } from './lib/targets.js'

stopServersOnExit()
const options = parseInstructionOptions(process.argv.slice(2))
const counts: InstructionCount[] = []
for (const name of options.targets) {
  counts.push(await countInstructions(createTarget(name, options.redisUrl), options, (line) => process.stderr.write(`${line}\n`)))
}
process.stdout.write(`${formatInstructionReport(options, counts)}\n`)
