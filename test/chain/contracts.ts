import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  Contract,
  ContractFactory,
  JsonRpcProvider,
  Wallet,
  parseEther,
  toQuantity,
  type InterfaceAbi,
  type TransactionReceipt,
  type TransactionRequest
} from 'ethers'
import type { Test } from 'tap'

interface Artifact { abi: InterfaceAbi, bytecode: string, deployedBytecode: string }

// Compiled by `npm run build:contracts` from the .sol files beside it.
const { contracts } = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/contracts/artifacts.json'), 'utf8')) as {
  contracts: Record<string, Artifact>
}

export function artifact (name: string): Artifact {
  const found = contracts[name]
  if (found === undefined) throw new Error(`no compiled contract ${name}`)
  return found
}

/** A funded deployer on a local node, with helpers that send and wait for success. */
export interface Chain {
  provider: JsonRpcProvider
  deployer: Wallet
  send: (tx: TransactionRequest | Promise<TransactionRequest>) => Promise<TransactionReceipt>
  deploy: (name: string, ...args: unknown[]) => Promise<Contract>
  /** Installs a contract's runtime code at an address, as if deployed there (anvil_setCode). */
  setCode: (address: string, name: string) => Promise<Contract>
}

/** A Chain whose provider the test's teardown destroys. */
export async function connect (t: Test, url: string): Promise<Chain> {
  const chain = await openChain(url)
  t.teardown(() => chain.provider.destroy())
  return chain
}

export async function openChain (url: string): Promise<Chain> {
  const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true, batchMaxCount: 1 })
  const deployer = new Wallet(Wallet.createRandom().privateKey, provider)
  await provider.send('anvil_setBalance', [deployer.address, toQuantity(parseEther('100'))])

  // Counted here: ethers caches an identical request for 250 ms, so asking the node for the
  // nonce before each transaction could hand out the same one twice.
  let nonce = 0
  const send = async (request: TransactionRequest | Promise<TransactionRequest>) => {
    const sent = await deployer.sendTransaction({ ...await request, nonce: nonce++ })
    // anvil mines each transaction as it arrives, yet under load its receipt can lag a moment.
    // Polled with send(): ethers would answer a repeated getTransactionReceipt from its cache.
    for (let attempt = 0; attempt < 100; attempt++) {
      const raw = await provider.send('eth_getTransactionReceipt', [sent.hash]) as { status: string } | null
      if (raw !== null) {
        if (raw.status !== '0x1') throw new Error(`transaction ${sent.hash} reverted`)
        return await provider.getTransactionReceipt(sent.hash) as TransactionReceipt
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error(`transaction ${sent.hash} was not mined within 2 s`)
  }
  return {
    provider,
    deployer,
    send,
    async deploy (name, ...args) {
      const { abi, bytecode } = artifact(name)
      const receipt = await send(new ContractFactory(abi, bytecode, deployer).getDeployTransaction(...args))
      return new Contract(receipt.contractAddress as string, abi, deployer)
    },
    async setCode (address, name) {
      const { abi, deployedBytecode } = artifact(name)
      await provider.send('anvil_setCode', [address, deployedBytecode])
      return new Contract(address, abi, deployer)
    }
  }
}

/** An EIP-4361 message for `address` on `chainId`. */
export function siweMessage (address: string, chainId: number): string {
  return [
    'localhost:8080 wants you to sign in with your Ethereum account:',
    address,
    '',
    'Sign in with Ethereum to the app.',
    '',
    'URI: http://localhost:8080',
    'Version: 1',
    `Chain ID: ${chainId}`,
    'Nonce: 32891756abcdefXYZ',
    `Issued At: ${new Date().toISOString()}`
  ].join('\n')
}
