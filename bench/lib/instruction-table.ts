import type { InstructionCount } from './count-instructions.js'
import { table } from './format-table.js'
import type { InstructionOptions } from './instruction-options.js'
import type { TargetName } from './targets.js'

const millions = (count: number): string => (count / 1e6).toFixed(3)

// The CPU goal of issue 6 is a ratio of CPU time; these are the same ratios of work done, which a
// busy machine does not move. Time per instruction differs by program (cache misses, stalls), so
// the two ratios differ: the README's Performance section says by how much on its machine.
const pairs: Array<[TargetName, TargetName]> = [['service-memory', 'quickstart'], ['service-redis', 'quickstart'], ['floor', 'quickstart'], ['service-memory', 'floor'], ['service-redis', 'floor']]

/** The counts per target, then the ratio of each pair that was counted. */
export function formatInstructionTable (counts: InstructionCount[]): string {
  const byName = new Map(counts.map((c) => [c.name, c]))
  const rows = counts.map((c) => [c.name, millions(c.instructionsPerSignIn), String(c.signIns)])
  const ratioRows = pairs.flatMap(([a, b]) => {
    const x = byName.get(a)
    const y = byName.get(b)
    return x === undefined || y === undefined ? [] : [[`${a} ÷ ${b}`, (x.instructionsPerSignIn / y.instructionsPerSignIn).toFixed(3)]]
  })
  return [
    table(['target', 'million instructions per sign-in', 'sign-ins counted'], rows),
    ...ratioRows.length === 0 ? [] : ['', table(['instructions per sign-in (same run)', 'ratio'], ratioRows)]
  ].join('\n')
}

/** What `npm run bench:instructions` prints: the table, or JSON with the settings and the Node that ran. */
export function formatInstructionReport (options: InstructionOptions, counts: InstructionCount[]): string {
  return options.format === 'json' ? JSON.stringify({ node: process.version, settings: options, counts }, null, 2) : formatInstructionTable(counts)
}
