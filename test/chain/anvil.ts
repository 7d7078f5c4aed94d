import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Test } from 'tap'
import { findFreePort } from '../../bench/lib/free-port.js'

// The npm package ships the binary itself (no install script): find it beside its package.json.
const anvilBin = join(dirname(createRequire(import.meta.url).resolve('@foundry-rs/anvil-linux-amd64/package.json')), 'bin', 'anvil')

export interface Anvil {
  port: number
  url: string
  wsUrl: string
  /** Stops the node (idempotent); the teardown calls it too. */
  stop: () => Promise<void>
}

async function answers (url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(500)
    })
    return res.ok
  } catch {
    return false
  }
}

async function stopProcess (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000)
  await exited
  clearTimeout(timer)
}

interface AnvilOptions {
  chainId?: number
  /** A fixed port (to restart a node where it was); a free one by default. */
  port?: number
}

async function tryStart (chainId: number, fixedPort?: number): Promise<Anvil | null> {
  const port = fixedPort ?? await findFreePort()
  const child = spawn(anvilBin, ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(chainId), '--accounts', '1', '--silent'], { stdio: 'ignore' })
  const url = `http://127.0.0.1:${port}`
  // Also when the test process dies before its teardown (an uncaught error).
  const kill = () => child.kill('SIGKILL')
  process.once('exit', kill)
  const stop = async () => {
    await stopProcess(child)
    process.removeListener('exit', kill)
  }
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    // Exited early: most likely the port was taken between findFreePort() and the spawn.
    if (child.exitCode !== null) return null
    if (await answers(url)) return { port, url, wsUrl: `ws://127.0.0.1:${port}`, stop }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await stop()
  throw new Error('anvil did not answer within 10 s')
}

/** Starts anvil on a free 127.0.0.1 port and waits until it answers; the caller stops it. */
export async function launchAnvil ({ chainId = 31337, port }: AnvilOptions = {}): Promise<Anvil> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const anvil = await tryStart(chainId, port)
    if (anvil !== null) return anvil
  }
  throw new Error('anvil exited at start three times')
}

/** launchAnvil(), stopped at the test's teardown. */
export async function startAnvil (t: Test, options: AnvilOptions = {}): Promise<Anvil> {
  const anvil = await launchAnvil(options)
  t.teardown(anvil.stop)
  return anvil
}
