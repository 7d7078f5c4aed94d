import { availableParallelism, cpus } from 'node:os'
import { signerBackend } from '../../src/siwe/recover-signer.js'
import { benchTarget } from './bench-target.js'
import type { BenchSettings, TargetReport } from './bench-target.js'
import { createTarget } from './targets.js'
import { clientSigner } from './wallet.js'
import type { TargetName } from './targets.js'

export interface BenchOptions extends BenchSettings {
  targets: TargetName[]
  redisUrl: string
  /** How many times every target is measured, the targets taking turns (see `runBench`). */
  rounds: number
}

export interface BenchReport {
  /**
   * `signerBackend` is the signer recovery that the service's own module picks on this
   * installation (libsecp256k1 native, its WebAssembly build, or JavaScript), as its servers do;
   * `clientSigner` what the driver signs with.
   */
  machine: { cores: number, cpu: string, node: string, signerBackend: string, clientSigner: string }
  settings: BenchSettings & { rounds: number }
  /** Each round's reports, one per target, in the order the targets were given. */
  rounds: TargetReport[][]
}

/**
 * Benchmarks the chosen targets one after the other, so each has the machine to itself; with more
 * than one round, all of them again, and so on. A shared machine's speed drifts over tens of
 * seconds, so two targets measured in one round are compared, and each round gives its own ratios.
 */
export async function runBench (options: BenchOptions, log: (line: string) => void): Promise<BenchReport> {
  const rounds: TargetReport[][] = []
  for (let round = 1; round <= options.rounds; round++) {
    if (options.rounds > 1) log(`round ${round} of ${options.rounds}`)
    const reports: TargetReport[] = []
    for (const name of options.targets) {
      reports.push(await benchTarget(createTarget(name, options.redisUrl), options, log))
    }
    rounds.push(reports)
  }
  return {
    machine: { cores: availableParallelism(), cpu: [...new Set(cpus().map((cpu) => cpu.model))].join(', '), node: process.version, signerBackend, clientSigner: clientSigner.name },
    settings: { fromSource: options.fromSource, concurrency: options.concurrency, durationMs: options.durationMs, warmupMs: options.warmupMs, maxRequests: options.maxRequests, rounds: options.rounds },
    rounds
  }
}
