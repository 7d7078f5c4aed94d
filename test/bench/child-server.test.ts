import t from 'tap'
import { serverCommand, startServer } from '../../bench/lib/child-server.js'

// Servers start slowly under the test runner's TypeScript loader on a busy machine.
t.setTimeout(120_000)

t.test('a server that exits before it answers is reported with what it wrote to stderr', async (t) => {
  await t.rejects(
    startServer({ entry: 'bench/peers/no-such-server.ts', env: {}, readyPath: '/' }, { fromSource: true }),
    /bench\/peers\/no-such-server\.ts did not start on http:\/\/127\.0\.0\.1:\d+: .*Cannot find module/s
  )
})

t.test('compiled, a server runs as `npm start` runs the service: its build in dist/, under plain node', async (t) => {
  const spec = { entry: 'src/server.ts', env: { LOG_LEVEL: 'warn', REDIS_URL: undefined }, readyPath: '/healthz' }
  t.same(serverCommand(spec, { fromSource: false }), { args: ['--enable-source-maps', 'dist/src/server.js'], env: spec.env })
})

t.test('from source, a server runs under the driver\'s loader, and autoload is told it may take .ts', async (t) => {
  const spec = { entry: 'bench/peers/hello/server.ts', env: { LOG_LEVEL: 'warn' }, readyPath: '/me' }
  t.same(serverCommand(spec, { fromSource: true }), {
    args: [...process.execArgv, 'bench/peers/hello/server.ts'],
    env: { FASTIFY_AUTOLOAD_TYPESCRIPT: '1', LOG_LEVEL: 'warn' }
  })
})

t.test('a compiled server whose build is missing is refused with how to build it, before anything starts', async (t) => {
  await t.rejects(
    startServer({ entry: 'bench/peers/no-such-server.ts', env: {}, readyPath: '/' }, { fromSource: false }),
    { message: /^dist\/bench\/peers\/no-such-server\.js is missing: `npm run bench` builds it \(tsc -p bench\/tsconfig\.json\) before it runs$/ }
  )
})
