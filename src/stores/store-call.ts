import { StoreUnavailable } from '../errors.js'

/**
 * Awaits a store command; any failure (connection refused, timeout, offline) becomes
 * `store_unavailable`, with the driver's error kept as `cause` for the logs, never for the client.
 */
export async function storeCall<T> (command: Promise<T>): Promise<T> {
  try {
    return await command
  } catch (err) {
    throw new StoreUnavailable({ cause: err })
  }
}
