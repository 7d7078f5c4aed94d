import {
  encodeDeployData,
  erc6492SignatureValidatorAbi,
  erc6492SignatureValidatorByteCode,
  hashMessage,
  isAddress,
  isHex
} from 'viem'
import type { ChainClients } from './chain-clients.js'
import { isRevert, toRpcUnavailable } from './rpc-errors.js'

export interface ContractSignature {
  /** The chain the message names. */
  chainId: number
  /** The account the message claims (EIP-55 or lower case). */
  address: string
  /** The exact message text that was signed (EIP-191 hashed here, never re-serialised). */
  message: string
  /** 0x-hex: an EIP-1271 signature, or an EIP-6492 wrapped one for an undeployed account. */
  signature: string
}

/**
 * Whether `signature` is the contract account's signature of `message` on its chain, decided
 * by one `eth_call` that runs the EIP-6492 universal validator without deploying it: it deploys
 * a counterfactual account first when the signature is 6492-wrapped, then asks the account's
 * EIP-1271 `isValidSignature` for the magic value (and recovers ECDSA for plain accounts).
 *
 * False for a revert, a wrong magic value, malformed input, or a chain without an RPC client.
 * Throws `RpcUnavailable` when the endpoint errors, times out or serves another chain.
 */
export async function verifyContractSignature (clients: ChainClients, input: ContractSignature): Promise<boolean> {
  const chain = clients.get(input.chainId)
  const { address, signature } = input
  if (chain === undefined || !isAddress(address, { strict: false }) || !isHex(signature, { strict: true })) {
    return false
  }
  await chain.checkChain()
  try {
    const { data } = await chain.client.call({
      data: encodeDeployData({
        abi: erc6492SignatureValidatorAbi,
        bytecode: erc6492SignatureValidatorByteCode,
        args: [address, hashMessage(input.message), signature]
      })
    })
    // The validator's constructor returns one byte: 0x01 valid, 0x00 not.
    return data === '0x01'
  } catch (err) {
    if (isRevert(err)) return false
    throw toRpcUnavailable(err)
  }
}
