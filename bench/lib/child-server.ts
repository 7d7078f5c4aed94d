import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { findFreePort } from './free-port.js'

/** The project's root: servers run from there, so `src/…` and `bench/…` entries resolve alike. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url))

export interface ServerSpec {
  /** A TypeScript entry file, relative to the project root (compiled: `dist/` holds its build). */
  entry: string
  /** Variables added to (or, when undefined, removed from) the inherited environment. */
  env: Record<string, string | undefined>
  /** A path that answers once the server is up. */
  readyPath: string
}

export interface RunningServer {
  pid: number
  origin: string
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  stop: () => Promise<void>
}

/** Servers started and not yet exited. */
const running = new Set<ChildProcess>()

/** Asks every server still running to stop, without waiting: for a driver that is itself stopped. */
export function stopAllNow (): void {
  for (const child of running) child.kill('SIGTERM')
}

/**
 * For a driver: stopped from outside (Ctrl-C, a timeout), or ended by an error of its own (a write
 * to a closed stderr), it takes its servers down too rather than leave them running.
 */
export function stopServersOnExit (): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(1))
  }
  process.once('exit', stopAllNow)
}

/**
 * Where every server listens (HOST), loopback only. callgrind_control finds a server by the HOST
 * it saw, so it is told the same (count-instructions.ts).
 */
export const serverHost = '127.0.0.1'

const readyTimeoutMs = 30_000
const stopGraceMs = 5000

/** How servers run: compiled, as `npm start` runs the service, or from source under a loader. */
export interface ServerMode {
  fromSource: boolean
  /** A program, with its arguments, that runs Node in its turn (valgrind, for counting instructions). */
  wrapper?: string[]
  /** How long the server may take to answer (30 s by default; valgrind slows a start many times over). */
  readyTimeoutMs?: number
}

/** The Node arguments and added environment that run `spec` in `mode`. */
export function serverCommand (spec: ServerSpec, mode: ServerMode): { args: string[], env: ServerSpec['env'] } {
  if (!mode.fromSource) {
    // Built by `tsc -p bench/tsconfig.json` (`npm run bench` does it first) into dist/, where
    // `npm run build` puts the service: the service's file is the one `npm start` runs.
    return { args: ['--enable-source-maps', join('dist', spec.entry.replace(/\.ts$/, '.js'))], env: spec.env }
  }
  // With the driver's own Node options, so the entry runs under the TypeScript loader that runs the
  // driver (the test runner's in the smoke test, whose coverage of the servers then lines up with
  // the tests' own); @fastify/autoload takes the .ts plugins only when told that the runtime can.
  return { args: [...process.execArgv, spec.entry], env: { FASTIFY_AUTOLOAD_TYPESCRIPT: '1', ...spec.env } }
}

export async function startServer (spec: ServerSpec, mode: ServerMode): Promise<RunningServer> {
  const { args, env } = serverCommand(spec, mode)
  const script = args[args.length - 1] as string
  if (!mode.fromSource && !existsSync(join(projectRoot, script))) {
    throw new Error(`${script} is missing: \`npm run bench\` builds it (tsc -p bench/tsconfig.json) before it runs`)
  }
  const port = await findFreePort()
  const [command, ...commandArgs] = [...mode.wrapper ?? [], process.execPath, ...args] as [string, ...string[]]
  const child = spawn(command, commandArgs, {
    cwd: projectRoot,
    env: { ...process.env, ...env, PORT: String(port), HOST: serverHost },
    // stdout is discarded unread: a pipe nobody drains would block a server that logs.
    stdio: ['ignore', 'ignore', 'pipe']
  })
  running.add(child)
  const exited = once(child, 'exit')
  child.once('exit', () => running.delete(child))
  // The end of what the server wrote to stderr, for the error when it does not start.
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-4000) })
  const server: RunningServer = {
    pid: child.pid as number,
    origin: `http://${serverHost}:${port}`,
    stop: async () => {
      child.kill('SIGTERM')
      await Promise.race([exited, sleep(stopGraceMs, undefined, { ref: false })])
      // A no-op when the server has exited already.
      child.kill('SIGKILL')
      await exited
    }
  }
  const deadline = Date.now() + (mode.readyTimeoutMs ?? readyTimeoutMs)
  while (child.exitCode === null && Date.now() < deadline) {
    try {
      const response = await request(server.origin + spec.readyPath)
      await response.body.dump()
      return server
    } catch {
      await sleep(50)
    }
  }
  await server.stop()
  throw new Error(`${spec.entry} did not start on ${server.origin}: ${stderr}`)
}
