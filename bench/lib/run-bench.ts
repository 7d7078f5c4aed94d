import { availableParallelism, cpus } from 'node:os'
import { signerBackend } from '../../src/siwe/recover-signer.js'
import { openTarget } from './bench-target.js'
import type { BenchSettings, OpenTarget, PhaseName, TargetReport } from './bench-target.js'
import { createTarget } from './targets.js'
import { clientSigner } from './wallet.js'
import type { TargetName } from './targets.js'

export interface BenchOptions extends BenchSettings {
  targets: TargetName[]
  redisUrl: string
  /** How many times every target is measured, each time with servers started anew. */
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

/** Starts a target's server, ready to be measured. */
export type Opener = (name: TargetName) => Promise<OpenTarget>

const phaseWords: Record<PhaseName, string> = { signIn: 'sign-ins', auth: 'authenticated reads' }

/**
 * Measures `phase` on `targets`: each warms up, then the phase's time is cut into slices and the
 * targets take turns slice by slice. The machine's speed drifts over seconds on a shared machine,
 * and this way the drift falls on every target alike instead of on whichever ran in a slow spell.
 */
async function measurePhase (phase: PhaseName, targets: OpenTarget[], settings: BenchSettings, log: (line: string) => void): Promise<void> {
  if (targets.length === 0) return
  const sliceMs = settings.durationMs / settings.slices
  log(`${phaseWords[phase]}: ${targets.map((t) => t.name).join(', ')}; ${settings.slices} slices of ${sliceMs / 1000} s each`)
  for (const target of targets) await target.warmUp(phase)
  for (let slice = 0; slice < settings.slices; slice++) {
    for (const target of targets) await target.measure(phase, sliceMs)
  }
  for (const target of targets) await target.noteRss()
}

/** Stops every target; the first failure, if any, is thrown once all have been tried. */
async function closeAll (targets: OpenTarget[]): Promise<void> {
  const failed = (await Promise.allSettled(targets.map((t) => t.close()))).find((r) => r.status === 'rejected')
  if (failed !== undefined) throw failed.reason
}

/**
 * One round: every target's server starts, then the sign-ins and then the authenticated reads are
 * measured, the targets taking turns; the servers stop at the end, also when the round fails (and
 * then the round's own error is the one thrown).
 */
export async function runRound (names: TargetName[], settings: BenchSettings, open: Opener, log: (line: string) => void): Promise<TargetReport[]> {
  const targets: OpenTarget[] = []
  try {
    for (const name of names) targets.push(await open(name))
    for (const target of targets) await target.noteRss()
    await measurePhase('signIn', targets.filter((t) => t.signsIn), settings, log)
    await measurePhase('auth', targets, settings, log)
  } catch (error) {
    await closeAll(targets).catch(() => {})
    throw error
  }
  await closeAll(targets)
  return targets.map((t) => t.report())
}

/** Benchmarks the chosen targets in `options.rounds` rounds, each with servers of its own. */
export async function runBench (options: BenchOptions, log: (line: string) => void): Promise<BenchReport> {
  const open: Opener = (name) => openTarget(createTarget(name, options.redisUrl), options, log)
  const rounds: TargetReport[][] = []
  for (let round = 1; round <= options.rounds; round++) {
    if (options.rounds > 1) log(`round ${round} of ${options.rounds}`)
    rounds.push(await runRound(options.targets, options, open, log))
  }
  return {
    machine: { cores: availableParallelism(), cpu: [...new Set(cpus().map((cpu) => cpu.model))].join(', '), node: process.version, signerBackend, clientSigner: clientSigner.name },
    settings: { fromSource: options.fromSource, concurrency: options.concurrency, durationMs: options.durationMs, warmupMs: options.warmupMs, maxRequests: options.maxRequests, slices: options.slices, rounds: options.rounds },
    rounds
  }
}
