import type { FastifyInstance } from 'fastify'

/**
 * What the process does on SIGTERM/SIGINT, or on an error nothing caught (close-with-grace calls it):
 * close the app, which stops accepting, lets the requests in flight finish and closes the store.
 */
export function shutdown (app: FastifyInstance): (event: { err?: Error, signal?: string }) => Promise<void> {
  return async ({ err, signal }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an uncaught error')
    else app.log.info({ signal }, 'closing')
    await app.close()
  }
}
