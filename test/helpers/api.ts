import type { Test } from 'tap'
import { startFakeApi } from './fake-api.js'

/** Starts the API on 127.0.0.1 with a free port, closed in teardown; returns its port. */
export async function startApi (t: Test, options: { allowedOrigins: string[], chainIds?: number[] }): Promise<number> {
  const api = await startFakeApi(options)
  t.teardown(api.close)
  return api.port
}
