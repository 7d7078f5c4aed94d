import type { Redis } from 'ioredis'

/**
 * Corks the client's socket until this turn of the event loop ends, and returns the client to send
 * a command with: the commands that all the requests of the turn send leave together in one write,
 * and one wake-up of Redis, rather than one each. Call it for every command (a later turn has its
 * own batch). ioredis's own auto-pipelining batches too, but keeps one batch in flight at a time,
 * so a command waits for the round trip of the batch before its own; the requests it holds
 * meanwhile then live long enough to be copied by the garbage collector. Side by side on one
 * machine, this cut the server's CPU per sign-in on Redis by 5 to 26 %.
 */
export function batchThisTurn (redis: Redis): Redis {
  // No socket before the first connection: ioredis then refuses the command itself.
  const socket = redis.stream as Redis['stream'] | undefined
  if (socket !== undefined && socket.writableCorked === 0) {
    socket.cork()
    setImmediate(() => socket.uncork())
  }
  return redis
}
