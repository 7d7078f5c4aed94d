import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { Redis } from 'ioredis'
import type { Test } from 'tap'

/** A free TCP port on 127.0.0.1. */
export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

/**
 * A redis-server of the test's own on `port` (never the machine's shared one), keeping nothing
 * on disk; resolves once it answers. Stopped at teardown.
 */
export async function startRedis (t: Test, port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  t.teardown(() => { child.kill('SIGKILL') })
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: 0 })
  client.on('error', () => {})
  try {
    for (let i = 0; i < 100; i++) {
      if (await client.ping().catch(() => null) === 'PONG') return child
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    throw new Error(`redis-server did not answer on port ${port}`)
  } finally {
    client.disconnect()
  }
}

export async function stopRedis (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
}
