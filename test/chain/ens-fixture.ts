import { ZeroHash, id, namehash, type Contract } from 'ethers'
import { ENS_REGISTRY } from '../../src/chain/ens.js'
import type { Chain } from './contracts.js'

export interface Ens {
  /** Registers `name` (its parent already claimed) with its forward record and avatar. */
  register: (name: string, address: string, avatar?: string) => Promise<void>
  /**
   * What a reverse registrar does for `address`: claims <hex>.addr.reverse and sets its name
   * on the resolver, or points it at `reverseResolver` instead.
   */
  setReverse: (address: string, name: string, reverseResolver?: string) => Promise<void>
}

/**
 * ENS on a local chain: the registry's code at its usual address (anvil_setCode), one public
 * resolver, and the deployer owning `eth` and `addr.reverse`.
 */
export async function deployEns (chain: Chain): Promise<Ens> {
  const registry = await chain.setCode(ENS_REGISTRY, 'EnsRegistry')
  const resolver = await chain.deploy('PublicResolver', ENS_REGISTRY)
  const resolverAddress = await resolver.getAddress()
  const me = chain.deployer.address
  const call = async (contract: Contract, method: string, ...args: unknown[]) => {
    await chain.send(contract.getFunction(method).populateTransaction(...args))
  }
  const claim = async (parent: string, label: string) =>
    call(registry, 'setSubnodeOwner', parent === '' ? ZeroHash : namehash(parent), id(label), me)

  await claim('', 'eth')
  await claim('', 'reverse')
  await claim('reverse', 'addr')
  return {
    async register (name, address, avatar) {
      const [label = '', parent = ''] = name.split(/\.(.*)/)
      await claim(parent, label)
      await call(registry, 'setResolver', namehash(name), resolverAddress)
      await call(resolver, 'setAddr', namehash(name), address)
      if (avatar !== undefined) await call(resolver, 'setText', namehash(name), 'avatar', avatar)
    },
    async setReverse (address, name, reverseResolver) {
      const label = address.slice(2).toLowerCase()
      await claim('addr.reverse', label)
      const node = namehash(`${label}.addr.reverse`)
      await call(registry, 'setResolver', node, reverseResolver ?? resolverAddress)
      if (reverseResolver === undefined) await call(resolver, 'setName', node, name)
    }
  }
}
