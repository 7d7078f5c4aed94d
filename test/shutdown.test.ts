import t from 'tap'
import { buildApp } from '../src/app.js'
import { shutdown } from '../src/shutdown.js'
import { testConfig } from './helper.js'

// The signal path runs in the real process (test/gateway/process.test.ts); an uncaught error
// cannot be caused there from outside, so the handler is called directly.
t.test('the shutdown handler logs an uncaught error before closing', async t => {
  const app = await buildApp({ config: testConfig() })
  const logged: string[] = []
  app.log.error = ((_obj: unknown, msg: string) => { logged.push(msg) }) as typeof app.log.error
  await shutdown(app)({ err: new Error('boom') })
  t.same(logged, ['closing after an uncaught error'])
  t.equal(app.server.listening, false)
})
