import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'

// A supervisor that runs `npm start` (a `CMD ["npm", "start"]`, pm2, systemd) stops the service by
// signalling npm. npm passes the signal on to the script's process: that must be the server itself,
// not a shell that would exit and leave the server running. Checked with the project's own
// package.json and, in place of the build, a stand-in server that reports the signal it gets.
t.test('npm start: a SIGTERM sent to npm reaches the server', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'start-script-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  await cp(join(import.meta.dirname, '../package.json'), join(dir, 'package.json'))
  await mkdir(join(dir, 'dist/src'), { recursive: true })
  await writeFile(join(dir, 'dist/src/server.js'), [
    "process.on('SIGTERM', () => { console.log('server: SIGTERM'); process.exit(0) })",
    "console.log('server: up')",
    // Never left behind, should the signal not reach it.
    'setTimeout(() => process.exit(1), 10_000)'
  ].join('\n'))
  // --ignore-scripts leaves out prestart's build; the start script itself still runs.
  const npm = spawn('npm', ['start', '--ignore-scripts', '--silent'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { if (npm.exitCode === null) npm.kill('SIGKILL') })
  let output = ''
  npm.stderr.setEncoding('utf8').on('data', (chunk: string) => { output += chunk })
  const up = new Promise<void>(resolve => {
    npm.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
      if (output.includes('server: up')) resolve()
    })
  })
  const exited = once(npm, 'exit')
  await Promise.race([up, exited.then(() => { throw new Error(`npm start ended early: ${output}`) })])
  npm.kill('SIGTERM')
  await exited
  t.match(output, /server: SIGTERM/, 'the server got the signal')
})
