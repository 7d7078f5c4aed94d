import { startServer } from './child-server.js'
import type { ServerMode } from './child-server.js'
import { ReadPhase, SignInPhase } from './phases.js'
import type { PhaseResult, SignInResult } from './phases.js'
import { readCpuMs, readRssMiB } from './proc-stats.js'
import type { Target, TargetName } from './targets.js'
import { VirtualUser } from './virtual-user.js'
import { createWallet } from './wallet.js'

export interface BenchSettings extends ServerMode {
  concurrency: number
  durationMs: number
  warmupMs: number
  maxRequests: number
  /** How many slices each phase is measured in, the targets taking turns slice by slice. */
  slices: number
}

export interface TargetReport {
  name: TargetName
  authPath: string
  /** Null for the hello peer, which has no sign-in. */
  signIn: SignInResult | null
  auth: PhaseResult
  /**
   * The server's resident memory (MiB) once every server of the round answered, after the sign-ins
   * (where it has them) and after the reads: reads add no sessions, so growth during them is no
   * live session's.
   */
  rssMiB: number[]
}

export type PhaseName = 'signIn' | 'auth'

/** A target whose server runs, measured a slice at a time; its figures add up over the slices. */
export interface OpenTarget {
  name: TargetName
  /** Whether it has a sign-in phase (the hello peer has none). */
  signsIn: boolean
  /** Runs `phase` for the warm-up time, unmeasured. */
  warmUp: (phase: PhaseName) => Promise<void>
  /** Measures `phase` for `durationMs`, adding to its figures. */
  measure: (phase: PhaseName, durationMs: number) => Promise<void>
  /** Notes the server's resident memory now. */
  noteRss: () => Promise<void>
  report: () => TargetReport
  /** Stops the server (also when the run failed) and resets what it used. */
  close: () => Promise<void>
}

/**
 * Starts `target`'s server for `settings.concurrency` users, each with its own key and cookies. The
 * first memory figure is the caller's to note, once every target is open.
 */
export async function openTarget (target: Target, settings: BenchSettings, log: (line: string) => void): Promise<OpenTarget> {
  const wallets = Array.from({ length: settings.concurrency }, () => createWallet())
  await target.reset()
  const server = await startServer(target.server, settings)
  log(`${target.name}: pid ${server.pid} listening on ${server.origin}`)
  const users = wallets.map((wallet) => new VirtualUser(server.origin, wallet))
  const serverCpuMs = (): Promise<number> => readCpuMs(server.pid)
  const newPhase = { signIn: () => new SignInPhase(settings.maxRequests, serverCpuMs), auth: () => new ReadPhase(target.authPath, settings.maxRequests, serverCpuMs) }
  const measured = { signIn: newPhase.signIn(), auth: newPhase.auth() }
  const rssMiB: number[] = []
  return {
    name: target.name,
    signsIn: target.signIn,
    warmUp: (phase) => newPhase[phase]().run(users, settings.warmupMs),
    measure: (phase, durationMs) => measured[phase].run(users, durationMs),
    noteRss: async () => { rssMiB.push(await readRssMiB(server.pid)) },
    report: () => ({
      name: target.name,
      authPath: target.authPath,
      signIn: target.signIn ? measured.signIn.result() : null,
      auth: measured.auth.result(),
      rssMiB
    }),
    close: async () => {
      for (const user of users) user.close()
      try {
        await server.stop()
      } finally {
        await target.reset()
      }
    }
  }
}
