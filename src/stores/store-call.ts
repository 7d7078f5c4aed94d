import { StoreUnavailable } from '../errors.js'

// Redis quotes a command's first arguments in some errors ("unknown command 'getdel', with args
// beginning with: 'siwe:nonce:<session ID>'"): keys hold session IDs, and the reason gets logged.
const QUOTED_ARGUMENTS_RE = /,? with args beginning with:.*$/s

/**
 * Awaits a store command; any failure (connection refused, offline, no answer within the client's
 * command timeout, a reply error) becomes `store_unavailable`. Its cause keeps the driver's
 * message, without quoted arguments, for the logs (never for the client); not the driver's error,
 * which carries the command and its arguments.
 */
export function storeCall<T> (command: Promise<T>): Promise<T> {
  return command.catch((err: unknown) => {
    const reason = err instanceof Error ? err.message.replace(QUOTED_ARGUMENTS_RE, '') : 'the store call failed'
    throw new StoreUnavailable({ cause: new Error(reason) })
  })
}
