import { AbiCoder, Wallet, concat, id } from 'ethers'
import type { Chain } from './contracts.js'

const ERC6492_SUFFIX = '0x' + '6492'.repeat(16)

/** Contract accounts owned by one test key, from our WalletFactory on a local chain. */
export interface Wallets {
  owner: Wallet
  /** A key that owns neither account. */
  stranger: Wallet
  /** Deployed: its EIP-1271 code is on chain. */
  deployed: string
  /** Counterfactual: its address is known, its code is not on chain. */
  counterfactual: string
  /** EIP-6492: abi.encode(factory, factoryCalldata, signature) and the magic suffix, for `counterfactual`. */
  wrap6492: (signature: string) => Promise<string>
}

export async function deployWallets (chain: Chain): Promise<Wallets> {
  const factory = await chain.deploy('WalletFactory')
  const factoryAddress = await factory.getAddress()
  const owner = new Wallet(Wallet.createRandom().privateKey)
  const stranger = new Wallet(Wallet.createRandom().privateKey)
  const addressOf = async (salt: string): Promise<string> => await factory.getFunction('addressOf')(owner.address, salt) as string
  await chain.send(factory.getFunction('deploy').populateTransaction(owner.address, id('deployed')))
  const counterfactualSalt = id('counterfactual')
  return {
    owner,
    stranger,
    deployed: await addressOf(id('deployed')),
    counterfactual: await addressOf(counterfactualSalt),
    async wrap6492 (signature) {
      const deployCall = factory.interface.encodeFunctionData('deploy', [owner.address, counterfactualSalt])
      return concat([AbiCoder.defaultAbiCoder().encode(['address', 'bytes', 'bytes'], [factoryAddress, deployCall, signature]), ERC6492_SUFFIX])
    }
  }
}
