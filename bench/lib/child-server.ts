import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { findFreePort } from './free-port.js'

/** The project's root: servers run from there, so `src/…` and `bench/…` entries resolve alike. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url))

export interface ServerSpec {
  /** A TypeScript entry file, relative to the project root. */
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

const readyTimeoutMs = 30_000
const stopGraceMs = 5000

export async function startServer (spec: ServerSpec): Promise<RunningServer> {
  const port = await findFreePort()
  // With the driver's own Node options, so the entry runs under the TypeScript loader that runs the
  // driver: tsx's for `npm run bench`, the test runner's in the smoke test (whose coverage of the
  // servers then lines up with the tests' own).
  const child = spawn(process.execPath, [...process.execArgv, spec.entry], {
    cwd: projectRoot,
    env: { ...process.env, ...spec.env, PORT: String(port), HOST: '127.0.0.1' },
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
    origin: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM')
      await Promise.race([exited, sleep(stopGraceMs, undefined, { ref: false })])
      // A no-op when the server has exited already.
      child.kill('SIGKILL')
      await exited
    }
  }
  const deadline = Date.now() + readyTimeoutMs
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
