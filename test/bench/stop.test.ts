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

t.test('a driver that is told to stop stops its server too', async (t) => {
  const driver = spawn(process.execPath, [...process.execArgv, 'bench/run.ts', '--targets', 'hello', '--concurrency', '1', '--duration', '60', '--warmup', '60', '--from-source'], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  driver.stderr.setEncoding('utf8')
  for await (const chunk of driver.stderr) {
    stderr += chunk
    if (/listening/.test(stderr)) break
  }
  const pid = Number(/hello: pid (\d+) listening/.exec(stderr)?.[1])
  t.notOk(await gone(pid), 'the server runs')
  driver.kill('SIGTERM')
  const [code] = await once(driver, 'exit')
  t.equal(code, 1)
  for (let i = 0; i < 100 && !await gone(pid); i++) await sleep(100)
  t.ok(await gone(pid), 'the server has stopped')
})
