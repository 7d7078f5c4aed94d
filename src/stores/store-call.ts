import { StoreUnavailable } from '../errors.js'

/**
 * Awaits a store command for at most `timeoutMs`, counted from this call; any failure (connection
 * refused, timeout, offline) becomes `store_unavailable`, with the driver's error kept as `cause`
 * for the logs, never for the client. The deadline is ours rather than the driver's because a
 * pipelining client starts its own timer only when it sends the command, which may be after a
 * batch in flight to a hung Redis has timed out. A command that settles after its deadline changes
 * nothing (a promise settles once).
 */
export function storeCall<T> (command: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StoreUnavailable({ cause: new Error(`no answer within ${timeoutMs} ms`) })), timeoutMs)
    command.then((answer) => {
      clearTimeout(timer)
      resolve(answer)
    }, (err: unknown) => {
      clearTimeout(timer)
      reject(new StoreUnavailable({ cause: err }))
    })
  })
}
