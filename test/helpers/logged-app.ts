import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { testConfig, type Env } from '../helper.js'

/**
 * A ready app, closed in teardown, whose log lines (pino JSON) at `level` and above are collected;
 * `extend` may add to it (a route of the test's own) before it is ready.
 */
export async function loggedApp (t: Test, env: Env, level = 'info', extend?: (app: FastifyInstance) => void): Promise<{ app: FastifyInstance, lines: Array<Record<string, unknown>> }> {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({
    write (chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()))
      done()
    }
  })
  const app = await buildApp({ config: testConfig({ LOG_LEVEL: level, ...env }) }, { logger: { level, stream } })
  t.teardown(() => app.close())
  extend?.(app)
  await app.ready()
  return { app, lines }
}
