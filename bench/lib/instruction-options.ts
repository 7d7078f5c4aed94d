import { parseArgs } from 'node:util'
import type { InstructionSettings } from './count-instructions.js'
import { formats, oneOf, ownRedisDb, positiveInteger } from './options.js'
import { targetNames } from './targets.js'
import type { TargetName } from './targets.js'

/** The targets that sign in; hello has nothing to count a sign-in of. */
export const countableTargets = targetNames.filter((name): name is Exclude<TargetName, 'hello'> => name !== 'hello')

export interface InstructionOptions extends InstructionSettings {
  targets: TargetName[]
  redisUrl: string
  format: typeof formats[number]
}

/** Reads `npm run bench:instructions`'s command line. */
export function parseInstructionOptions (args: string[]): InstructionOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      targets: { type: 'string', default: 'service-memory,floor,quickstart' },
      // Fewer leave the service's JIT compiling while it is counted (1.7 rather than 1.3 million
      // instructions a sign-in after 1000).
      warmup: { type: 'string', default: '3000' },
      'sign-ins': { type: 'string', default: '500' },
      concurrency: { type: 'string', default: '8' },
      'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379/15' },
      format: { type: 'string', default: 'table' },
      'from-source': { type: 'boolean', default: false }
    }
  })
  return {
    targets: values.targets.split(',').map((name) => oneOf('targets', name, countableTargets)),
    warmup: positiveInteger('warmup', values.warmup),
    signIns: positiveInteger('sign-ins', values['sign-ins']),
    concurrency: positiveInteger('concurrency', values.concurrency),
    redisUrl: ownRedisDb(values['redis-url']),
    format: oneOf('format', values.format, formats),
    fromSource: values['from-source']
  }
}
