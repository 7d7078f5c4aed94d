import { StoreUnavailable } from '../errors.js'

/**
 * Awaits a store command; any failure (connection refused, offline, no answer within the client's
 * command timeout) becomes `store_unavailable`, with the driver's error kept as `cause` for the
 * logs, never for the client.
 */
export function storeCall<T> (command: Promise<T>): Promise<T> {
  return command.catch((err: unknown) => {
    throw new StoreUnavailable({ cause: err })
  })
}
