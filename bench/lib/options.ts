import { parseArgs } from 'node:util'
import type { BenchOptions } from './run-bench.js'
import { targetNames } from './targets.js'
import type { TargetName } from './targets.js'

export const formats = ['table', 'json'] as const

export interface CliOptions extends BenchOptions {
  format: typeof formats[number]
}

function positiveNumber (name: string, text: string): number {
  const value = Number(text)
  if (!(value > 0 && Number.isFinite(value))) throw new Error(`--${name} must be a positive number, not "${text}"`)
  return value
}

export function positiveInteger (name: string, text: string): number {
  const value = positiveNumber(name, text)
  if (!Number.isInteger(value)) throw new Error(`--${name} must be a whole number, not "${text}"`)
  return value
}

export function oneOf<T extends string> (name: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) throw new Error(`--${name} must be one of ${allowed.join(', ')}, not "${text}"`)
  return text as T
}

/** The bench flushes its Redis database before and after use, so it must not be the shared db 0. */
export function ownRedisDb (url: string): string {
  if (!/^\/[1-9]\d*$/.test(new URL(url).pathname)) throw new Error(`--redis-url must name a database of the bench's own (1 or more), not "${url}": it is flushed`)
  return url
}

/** Reads the command line; durations are in seconds there and in milliseconds here. */
export function parseOptions (args: string[]): CliOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      targets: { type: 'string', default: targetNames.join(',') },
      concurrency: { type: 'string', default: '32' },
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      'max-requests': { type: 'string', default: '1000000' },
      slices: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '1' },
      'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379/15' },
      format: { type: 'string', default: 'table' },
      'from-source': { type: 'boolean', default: false }
    }
  })
  return {
    targets: values.targets.split(',').map((name): TargetName => oneOf('targets', name, targetNames)),
    concurrency: positiveInteger('concurrency', values.concurrency),
    durationMs: positiveNumber('duration', values.duration) * 1000,
    warmupMs: positiveNumber('warmup', values.warmup) * 1000,
    maxRequests: positiveInteger('max-requests', values['max-requests']),
    slices: positiveInteger('slices', values.slices),
    rounds: positiveInteger('rounds', values.rounds),
    redisUrl: ownRedisDb(values['redis-url']),
    format: oneOf('format', values.format, formats),
    fromSource: values['from-source']
  }
}
