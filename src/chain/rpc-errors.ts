import {
  AbiDecodingZeroDataError,
  BaseError,
  ContractFunctionZeroDataError,
  ExecutionRevertedError
} from 'viem'
import { RpcUnavailable } from '../errors.js'

/**
 * Whether a failed call is the chain's answer (the code reverted, or the address has no code),
 * rather than the endpoint failing: only the former may count as "invalid" or "no record".
 */
export function isRevert (err: unknown): boolean {
  return err instanceof BaseError && err.walk((e) =>
    e instanceof ExecutionRevertedError ||
    e instanceof ContractFunctionZeroDataError ||
    e instanceof AbiDecodingZeroDataError) !== null
}

/**
 * Anything else that failed (refused, timed out, HTTP or JSON-RPC error) is unavailability.
 * The cause keeps viem's short message only: its full message names the URL, which may hold
 * an API key, and errors get logged.
 */
export function toRpcUnavailable (err: unknown): Error {
  const reason = err instanceof BaseError ? err.shortMessage : 'the RPC request failed'
  return new RpcUnavailable({ cause: new Error(reason) })
}
