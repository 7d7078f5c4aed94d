import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { callgrindControl, callgrindWrapper, readCallgrindTotal, requireValgrind } from './callgrind.js'
import { serverHost, startServer } from './child-server.js'
import { SignInPhase } from './phases.js'
import type { Target, TargetName } from './targets.js'
import { VirtualUser } from './virtual-user.js'
import { createWallet } from './wallet.js'

export interface InstructionSettings {
  /** Sign-ins run before counting starts, so that the JIT has compiled the hot paths. */
  warmup: number
  /** Sign-ins counted. */
  signIns: number
  concurrency: number
  fromSource: boolean
  /** The valgrind program (a test names a missing one). */
  valgrind?: string
}

export interface InstructionCount {
  name: TargetName
  signIns: number
  instructions: number
  instructionsPerSignIn: number
}

/** A bound on a phase that ends by its sign-in budget, should a server stall. */
const phaseLimitMs = 30 * 60_000

// Under valgrind the server's CPU time says nothing: the phases are given a clock that reads zero.
const noCpu = async (): Promise<number> => 0

/** Runs sign-ins on `users` until `count` are done; every one must succeed, or the count would be of failures. */
async function signInExactly (users: VirtualUser[], count: number, what: string): Promise<void> {
  const phase = new SignInPhase(3 * count, noCpu)
  await phase.run(users, phaseLimitMs)
  const { signIns } = phase.result()
  if (signIns !== count) throw new Error(`${what}: ${signIns} of ${count} sign-ins succeeded`)
}

/**
 * The instructions `target`'s server runs per sign-in: it runs under callgrind with counting off,
 * warms up, then counts `settings.signIns` whole sign-ins (the server's threads, GC included).
 */
export async function countInstructions (target: Target, settings: InstructionSettings, log: (line: string) => void): Promise<InstructionCount> {
  await requireValgrind(settings.valgrind)
  const dir = await mkdtemp(join(tmpdir(), 'bench-callgrind-'))
  try {
    return await countIn(join(dir, 'callgrind.out'), target, settings, log)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The count, callgrind writing to `outFile`; the server stops and the target is reset whatever happens. */
async function countIn (outFile: string, target: Target, settings: InstructionSettings, log: (line: string) => void): Promise<InstructionCount> {
  await target.reset()
  const server = await startServer(target.server, { fromSource: settings.fromSource, wrapper: callgrindWrapper(outFile, settings.valgrind), readyTimeoutMs: 300_000 })
  const users = Array.from({ length: settings.concurrency }, () => new VirtualUser(server.origin, createWallet()))
  try {
    log(`${target.name}: pid ${server.pid} under callgrind on ${server.origin}; ${settings.warmup} sign-ins to warm up, ${settings.signIns} counted`)
    await signInExactly(users, settings.warmup, `${target.name} warming up`)
    const env = { ...process.env, HOST: serverHost }
    await callgrindControl(server.pid, '--instr=on', env)
    await signInExactly(users, settings.signIns, `${target.name} counted`)
    await callgrindControl(server.pid, '--dump', env)
    const instructions = await readCallgrindTotal(`${outFile}.1`)
    return { name: target.name, signIns: settings.signIns, instructions, instructionsPerSignIn: instructions / settings.signIns }
  } finally {
    for (const user of users) user.close()
    await server.stop()
    await target.reset()
  }
}
