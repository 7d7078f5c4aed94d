import { Pool } from 'undici'
import { startServer } from './child-server.js'
import type { ServerMode } from './child-server.js'
import { authPhase, ReadTally, signInPhase, SignInTally } from './phases.js'
import type { PhaseLimits, PhaseResult, SignInResult } from './phases.js'
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

/** CPU the server process used during a phase, from its own counters. */
export interface ServerCpu {
  serverCpuMs: number
}

export interface TargetReport {
  name: TargetName
  authPath: string
  /** Null for the hello peer, which has no sign-in. */
  signIn: (SignInResult & ServerCpu) | null
  auth: PhaseResult & ServerCpu
  /**
   * The server's resident memory (MiB) once it answered, after the sign-ins (where it has them) and
   * after the reads: reads add no sessions, so growth during them is no live session's.
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
  await target.reset()
  const server = await startServer(target.server, settings)
  const pool = new Pool(server.origin, { connections: settings.concurrency })
  log(`${target.name}: pid ${server.pid} listening on ${server.origin}`)
  const users = Array.from({ length: settings.concurrency }, () => new VirtualUser(pool, createWallet()))
  const signIns = new SignInTally()
  const reads = new ReadTally(target.authPath)
  const serverCpuMs: Record<PhaseName, number> = { signIn: 0, auth: 0 }
  const rssMiB: number[] = []
  return {
    name: target.name,
    signsIn: target.signIn,
    warmUp: async (phase) => {
      const limits: PhaseLimits = { durationMs: settings.warmupMs, maxRequests: settings.maxRequests }
      await (phase === 'signIn' ? signInPhase(users, limits) : authPhase(users, limits, new ReadTally(target.authPath)))
    },
    measure: async (phase, durationMs) => {
      const limits: PhaseLimits = { durationMs, maxRequests: settings.maxRequests }
      const before = await readCpuMs(server.pid)
      await (phase === 'signIn' ? signInPhase(users, limits, signIns) : authPhase(users, limits, reads))
      serverCpuMs[phase] += await readCpuMs(server.pid) - before
    },
    noteRss: async () => { rssMiB.push(await readRssMiB(server.pid)) },
    report: () => ({
      name: target.name,
      authPath: target.authPath,
      signIn: target.signIn ? { ...signIns.result(), serverCpuMs: serverCpuMs.signIn } : null,
      auth: { ...reads.result(), serverCpuMs: serverCpuMs.auth },
      rssMiB
    }),
    close: async () => {
      await pool.close()
      await server.stop()
      await target.reset()
    }
  }
}
