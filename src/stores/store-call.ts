import { StoreUnavailable } from '../errors.js'

/**
 * Awaits a store command for at most `timeoutMs`, counted from this call; any failure (connection
 * refused, timeout, offline) becomes `store_unavailable`, with the driver's error kept as `cause`
 * for the logs, never for the client. The deadline is ours rather than the driver's because a
 * pipelining client starts its own timer only when it sends the command, which may be after a
 * batch in flight to a hung Redis has timed out.
 */
export async function storeCall<T> (command: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
  })
  try {
    // The command may still settle after the deadline: race() has handled its rejection too.
    const answer = await Promise.race([command, deadline])
    clearTimeout(timer)
    return answer
  } catch (err) {
    clearTimeout(timer)
    throw new StoreUnavailable({ cause: err })
  }
}
