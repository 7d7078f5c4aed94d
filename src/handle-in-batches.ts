import type { onRequestHookHandler } from 'fastify'

/**
 * The app's first `onRequest` hook: requests are handled in batches. The poll phase of the event
 * loop only reads them (Node parses each, Fastify routes it); their handling goes on together in
 * the check phase that follows, one `setImmediate` for all the requests of a turn. Beside the same
 * build without the hook (interleaved runs of the bench), the server's CPU per sign-in fell by
 * about a quarter and the driver's by a tenth, for the same instructions: why is not established
 * (README, "Requests handled in batches"). A request waits for the others of its batch; on an idle
 * server, for one turn. One queue per app.
 */
export function handleInBatches (): onRequestHookHandler {
  let waiting: Array<() => void> = []
  const handleWaiting = (): void => {
    const batch = waiting
    waiting = []
    // A request's `done` carries on with its next hook and never throws: Fastify catches what
    // the hooks and the handler throw, and answers it.
    for (const done of batch) done()
  }
  return (_request, _reply, done) => {
    if (waiting.push(done) === 1) setImmediate(handleWaiting)
  }
}
