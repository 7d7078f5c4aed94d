import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import type { Test } from 'tap'
import { findFreePort } from '../bench/lib/free-port.js'

/**
 * A redis-server of the test's own on a free loopback port, never the machine's: no persistence,
 * so a restart starts empty. It is stopped when the test ends, also when paused.
 */
export class RedisProcess {
  readonly port: number
  #child: ChildProcess | undefined

  private constructor (port: number) {
    this.port = port
  }

  static async start (t: Test, port?: number): Promise<RedisProcess> {
    const redis = new RedisProcess(port ?? await findFreePort())
    t.teardown(() => redis.kill())
    await redis.restart()
    return redis
  }

  get url (): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Starts it (again) on the same port, empty, and resolves once it accepts connections. */
  async restart (): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] })
    this.#child = child
    let out = ''
    child.stdout?.setEncoding('utf8')
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000)
      child.stdout?.on('data', (chunk: string) => {
        out += chunk
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer)
          resolve()
        }
      })
    })
  }

  /** SIGSTOP: the socket stays open but nothing answers (a hang, not a refusal). */
  pause (): void {
    this.#child?.kill('SIGSTOP')
  }

  resume (): void {
    this.#child?.kill('SIGCONT')
  }

  /** SIGKILL (a paused process is resumed first so it dies at once), and waits for the exit. */
  async kill (): Promise<void> {
    const child = this.#child
    this.#child = undefined
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGKILL')
    child.kill('SIGCONT')
    await exited
  }
}
