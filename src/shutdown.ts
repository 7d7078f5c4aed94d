import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'

/** From the signal to the exit: what is still running then is cut off with exit 1 (src/server.ts). */
export const GRACE_MS = 10_000

/**
 * How long the requests in flight get to finish after the signal: connections still open then (a
 * client trickling its request, a request still waiting on an RPC) are closed, so that the process
 * exits 0 within GRACE_MS, with time left to close the store.
 */
export const DRAIN_MS = GRACE_MS - 2_000

/**
 * Resolves after at least one poll phase of the event loop, wherever it is called from: the second
 * immediate is queued while the first runs, so it runs a turn later, after that turn's poll.
 */
async function afterAPoll (): Promise<void> {
  await new Promise(resolve => setImmediate(resolve))
  await new Promise(resolve => setImmediate(resolve))
}

/**
 * What the process does on SIGTERM/SIGINT, or on an error nothing caught (close-with-grace calls
 * it). Made before the server listens: from then on it knows the server's connections.
 *
 * 1. /readyz answers 503 at once (plugins/readiness.ts).
 * 2. A poll phase passes with the server still accepting: requests already sent are read and
 *    connections already made are accepted. Closing first would reset both: Node's close ends
 *    keep-alive connections that are between requests, also one whose next request it has not read
 *    yet, and the kernel resets connections still waiting to be accepted.
 * 3. The app closes: no new connections; Node ends those between requests; the requests in flight
 *    finish, each reply with `Connection: close`; the store closes last. After one more poll phase
 *    (what the connections just accepted had sent is read), connections that have sent nothing are
 *    ended too: a browser's preconnect, which Node counts as busy until its headers time out.
 *    (Node 26 ends these itself when the server closes; Node 20 to 24 do not.)
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
    await afterAPoll()
    const closed = app.close()
    await afterAPoll()
    for (const socket of connections) if (socket.bytesRead === 0) socket.destroy()
    try {
      await closed
    } finally {
      clearTimeout(drained)
    }
  }
}
