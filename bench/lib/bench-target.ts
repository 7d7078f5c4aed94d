import { Pool } from 'undici'
import { startServer } from './child-server.js'
import type { ServerMode } from './child-server.js'
import { authPhase, signInPhase } from './phases.js'
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

/**
 * Starts `target`'s server, warms it up, measures sign-ins (where it has them) and then
 * authenticated reads by `settings.concurrency` users, and stops it again, also on failure.
 */
export async function benchTarget (target: Target, settings: BenchSettings, log: (line: string) => void): Promise<TargetReport> {
  await target.reset()
  const server = await startServer(target.server, settings)
  const pool = new Pool(server.origin, { connections: settings.concurrency })
  try {
    log(`${target.name}: pid ${server.pid} listening on ${server.origin}`)
    const users = Array.from({ length: settings.concurrency }, () => new VirtualUser(pool, createWallet()))
    const warmup: PhaseLimits = { durationMs: settings.warmupMs, maxRequests: settings.maxRequests }
    const measured: PhaseLimits = { durationMs: settings.durationMs, maxRequests: settings.maxRequests }
    const withServerCpu = async <T>(phase: () => Promise<T>): Promise<T & ServerCpu> => {
      const before = await readCpuMs(server.pid)
      const result = await phase()
      return { ...result, serverCpuMs: await readCpuMs(server.pid) - before }
    }
    const rssMiB = [await readRssMiB(server.pid)]
    let signIn: (SignInResult & ServerCpu) | null = null
    if (target.signIn) {
      log(`${target.name}: sign-ins`)
      await signInPhase(users, warmup)
      signIn = await withServerCpu(() => signInPhase(users, measured))
      rssMiB.push(await readRssMiB(server.pid))
    }
    log(`${target.name}: GET ${target.authPath}`)
    await authPhase(users, warmup, target.authPath)
    const auth = await withServerCpu(() => authPhase(users, measured, target.authPath))
    rssMiB.push(await readRssMiB(server.pid))
    return { name: target.name, authPath: target.authPath, signIn, auth, rssMiB }
  } finally {
    await pool.close()
    await server.stop()
    await target.reset()
  }
}
