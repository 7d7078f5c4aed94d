import fp from 'fastify-plugin'
import { createChainClients, type ChainClients } from '../src/chain/chain-clients.js'
import { createEnsResolver, type EnsResolver } from '../src/chain/ens.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** One JSON-RPC client per chain in RPC_URLS (none when it is unset). */
    chains: ChainClients
    /** Primary ENS names on the ENS chain, cached; null when that chain has no RPC URL. */
    ens: EnsResolver | null
  }
}

export default fp(async (fastify) => {
  const { rpcUrls, rpcTimeoutMs, ensChainId } = fastify.config
  const chains = createChainClients(rpcUrls, { timeoutMs: rpcTimeoutMs })
  fastify.decorate('chains', chains)
  fastify.decorate('ens', createEnsResolver(chains, { chainId: ensChainId }))
  fastify.addHook('onClose', () => chains.close())
}, { name: 'chain' })
