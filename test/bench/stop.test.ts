import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { projectRoot } from '../../bench/lib/child-server.js'

// Servers start slowly under the test runner's TypeScript loader on a busy machine.
t.setTimeout(120_000)

/** Whether process `pid` is gone, or dead and only waiting to be reaped. */
async function gone (pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ') Z')
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
}

/** Starts the driver on `args` and waits until `servers` servers are listening; their pids. */
async function startDriver (args: string[], servers: number): Promise<{ driver: ReturnType<typeof spawn>, pids: number[] }> {
  const driver = spawn(process.execPath, [...process.execArgv, 'bench/run.ts', ...args, '--from-source'], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'pipe']
  })
  const stderr = driver.stderr as NonNullable<typeof driver.stderr>
  let text = ''
  stderr.setEncoding('utf8')
  await new Promise<void>((resolve, reject) => {
    stderr.on('data', (chunk: string) => {
      text += chunk
      if ([...text.matchAll(/listening/g)].length === servers) resolve()
    })
    // A driver that ends before its servers listen fails the test at once, with what it wrote.
    driver.once('exit', () => reject(new Error(`the driver exited before its servers listened: ${text}`)))
  })
  return { driver, pids: [...text.matchAll(/: pid (\d+) listening/g)].map((m) => Number(m[1])) }
}

async function allGone (pids: number[]): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if ((await Promise.all(pids.map(gone))).every(Boolean)) return true
    await sleep(100)
  }
  return false
}

t.test('a driver that is told to stop stops its server too', async (t) => {
  const { driver, pids } = await startDriver(['--targets', 'hello', '--concurrency', '1', '--duration', '60', '--warmup', '60'], 1)
  t.equal(pids.length, 1)
  t.notOk(await gone(pids[0] as number), 'the server runs')
  const exited = once(driver, 'exit')
  driver.kill('SIGTERM')
  t.same(await exited, [1, null], 'the driver exits with 1')
  t.ok(await allGone(pids), 'the server has stopped')
})

t.test('a driver that fails stops its servers too', async (t) => {
  // Its stderr closed under it, the driver's next line there (when the sign-ins are over) fails it.
  const { driver, pids } = await startDriver(['--targets', 'hello,floor', '--concurrency', '1', '--duration', '0.5', '--warmup', '0.5', '--slices', '1'], 2)
  t.equal(pids.length, 2)
  const exited = once(driver, 'exit')
  driver.stderr?.destroy()
  t.same(await exited, [1, null], 'the driver fails')
  t.ok(await allGone(pids), 'both servers have stopped')
})
