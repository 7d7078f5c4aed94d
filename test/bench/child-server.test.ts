import t from 'tap'
import { startServer } from '../../bench/lib/child-server.js'

// Servers start slowly under the test runner's TypeScript loader on a busy machine.
t.setTimeout(120_000)

t.test('a server that exits before it answers is reported with what it wrote to stderr', async (t) => {
  await t.rejects(
    startServer({ entry: 'bench/peers/no-such-server.ts', env: {}, readyPath: '/' }),
    /bench\/peers\/no-such-server\.ts did not start on http:\/\/127\.0\.0\.1:\d+: .*Cannot find module/s
  )
})
