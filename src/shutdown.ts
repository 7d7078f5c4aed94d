import type { Socket } from 'node:net'
import { setImmediate as afterPoll, setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'

/**
 * How long the requests in flight get to finish after the signal: connections still open then (a
 * client trickling its request) are closed, so that the process exits 0 within close-with-grace's
 * 10 s (src/server.ts), with time left to close the store.
 */
export const DRAIN_MS = 8_000

/**
 * What the process does on SIGTERM/SIGINT, or on an error nothing caught (close-with-grace calls
 * it). Made before the server listens: from then on it knows the server's connections.
 *
 * 1. /readyz answers 503 at once (plugins/readiness.ts).
 * 2. One turn of the event loop passes with the server still accepting: requests already sent are
 *    read and connections already made are accepted. Closing first would reset both: Node's close
 *    ends keep-alive connections that are between requests, also one whose next request it has not
 *    read yet, and the kernel resets connections still waiting to be accepted.
 * 3. The app closes: no new connections; Node ends those between requests, and this ends those that
 *    have not sent a byte since before the signal (a browser's preconnect, which Node counts as busy
 *    until its headers time out); the requests in flight finish, each reply with `Connection:
 *    close`; the store closes last.
 * 4. Whatever connection is still open `drainMs` after the signal is closed.
 */
export function shutdown (app: FastifyInstance, { drainMs = DRAIN_MS } = {}): (event: { err?: Error, signal?: string }) => Promise<void> {
  const connections = new Set<Socket>()
  app.server.on('connection', (socket: Socket) => {
    connections.add(socket)
    socket.once('close', () => connections.delete(socket))
  })
  return async ({ err, signal }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an uncaught error')
    else app.log.info({ signal }, 'closing')
    app.beginShutdown()
    const drained = setTimeout(() => {
      app.log.warn({ connections: connections.size }, `closing the connections still open ${drainMs} ms after the signal`)
      app.server.closeAllConnections()
    }, drainMs)
    const quiet = [...connections]
    // The timer runs at the start of the next turn, the immediate after that turn's poll phase.
    await sleep(0)
    await afterPoll()
    const closed = app.close()
    for (const socket of quiet) if (socket.bytesRead === 0) socket.destroy()
    try {
      await closed
    } finally {
      clearTimeout(drained)
    }
  }
}
