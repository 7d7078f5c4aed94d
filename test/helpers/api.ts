import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'

/**
 * Starts the real service on 127.0.0.1 with a free port, with `env` as its environment (on top of
 * a fixed secret and silent logs), closed in teardown. Returns the port.
 */
export async function startApi (t: Test, env: Record<string, string> = {}): Promise<number> {
  const config = loadConfig({ SESSION_SECRET: 'browser-tests-'.padEnd(32, 'x'), LOG_LEVEL: 'silent', ...env })
  const app = await buildApp({ config })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  return (app.server.address() as AddressInfo).port
}
