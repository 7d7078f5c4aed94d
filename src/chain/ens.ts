import { getAddress, isAddressEqual, parseAbi, zeroAddress, type Address, type Hex } from 'viem'
import { namehash, normalize } from 'viem/ens'
import type { ChainClient, ChainClients } from './chain-clients.js'
import { isRevert, toRpcUnavailable } from './rpc-errors.js'

/** The ENS registry's address on Ethereum mainnet (and on the testnets ENS runs on). */
export const ENS_REGISTRY = '0x00000000000C2E074eC69A0dFb2997BA6C7d2e1e'

/** An address's primary ENS name (confirmed by forward resolution) and its avatar text record. */
export interface EnsProfile {
  name: string
  avatar: string | null
}

export interface EnsOptions {
  /** The chain whose ENS is read (default 1). */
  chainId?: number
  /** The registry's address (default ENS_REGISTRY). */
  registry?: Address
  /** How long a resolved profile, or a confirmed absence, is kept (default 10 minutes). */
  ttlMs?: number
  /** How long a failed lookup (RPC down) answers null before it is retried (default 30 s). */
  failureTtlMs?: number
  /**
   * How long `resolve` waits for a lookup not cached yet before it answers null (default 1 s): a
   * slow or hanging RPC never holds a reply for long. The lookup goes on, and its answer is cached.
   */
  waitMs?: number
  /** Most addresses kept; the least recently used goes first (default 10 000). */
  maxEntries?: number
  /** Clock in milliseconds, for the TTLs (default Date.now). */
  now?: () => number
}

export interface EnsResolver {
  /** The address's profile or null; never throws (an RPC failure, or no answer within waitMs, is null). */
  resolve: (address: string) => Promise<EnsProfile | null>
  /** The cached answer without any RPC: undefined when nothing fresh is cached. */
  peek: (address: string) => EnsProfile | null | undefined
  /** Starts the lookup when nothing fresh is cached, waiting for nothing: `resolve` finds it later. */
  prefetch: (address: string) => void
}

const registryAbi = parseAbi(['function resolver(bytes32 node) view returns (address)'])
const resolverAbi = parseAbi([
  'function name(bytes32 node) view returns (string)',
  'function addr(bytes32 node) view returns (address)',
  'function text(bytes32 node, string key) view returns (string)'
])

/** The chain's answer to one lookup; a revert or missing code reads as "no record" (null). */
async function lookUp (chain: ChainClient, registry: Address, address: Address): Promise<EnsProfile | null> {
  const read = async <T>(request: () => Promise<T>): Promise<T | null> => {
    try {
      return await request()
    } catch (err) {
      if (isRevert(err)) return null
      throw toRpcUnavailable(err)
    }
  }
  const client = chain.client
  const resolverOf = async (node: Hex) => {
    const resolver = await read(() => client.readContract({ address: registry, abi: registryAbi, functionName: 'resolver', args: [node] }))
    return resolver === null || resolver === zeroAddress ? null : resolver
  }

  await chain.checkChain()
  const reverseNode = namehash(`${address.slice(2).toLowerCase()}.addr.reverse`)
  const reverseResolver = await resolverOf(reverseNode)
  if (reverseResolver === null) return null
  const name = await read(() => client.readContract({ address: reverseResolver, abi: resolverAbi, functionName: 'name', args: [reverseNode] }))
  // A name that is not in its normalised form cannot be the one its owner registered.
  if (name === null || name === '' || !isNormalised(name)) return null

  const node = namehash(name)
  const resolver = await resolverOf(node)
  if (resolver === null) return null
  const [forward, avatar] = await Promise.all([
    read(() => client.readContract({ address: resolver, abi: resolverAbi, functionName: 'addr', args: [node] })),
    read(() => client.readContract({ address: resolver, abi: resolverAbi, functionName: 'text', args: [node, 'avatar'] }))
  ])
  // Anyone can set any name as their reverse record; only the name's own forward record proves it.
  if (forward === null || !isAddressEqual(forward, address)) return null
  return { name, avatar: avatar === null || avatar === '' ? null : avatar }
}

/** What `lookup` resolves to, or null once `ms` have passed first (the lookup goes on regardless). */
async function within (lookup: Promise<EnsProfile | null>, ms: number): Promise<EnsProfile | null> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<null>((resolve) => { timer = setTimeout(resolve, ms, null) })
  try {
    return await Promise.race([lookup, late])
  } finally {
    clearTimeout(timer)
  }
}

function isNormalised (name: string): boolean {
  try {
    return normalize(name) === name
  } catch {
    return false
  }
}

interface Entry { value: EnsProfile | null, expires: number }

/**
 * Primary-name lookups for the configured ENS chain, cached per address; null when that chain
 * has no RPC client. The reverse record's name counts only when its forward `addr` record points
 * back to the address. Resolution reads the registry and resolvers directly (no universal
 * resolver, no CCIP-Read: the service fetches nothing but its RPC endpoints).
 */
export function createEnsResolver (clients: ChainClients, options: EnsOptions = {}): EnsResolver | null {
  const chain = clients.get(options.chainId ?? 1)
  if (chain === undefined) return null
  const registry = options.registry ?? ENS_REGISTRY
  const ttlMs = options.ttlMs ?? 600_000
  const failureTtlMs = options.failureTtlMs ?? 30_000
  const waitMs = options.waitMs ?? 1000
  const maxEntries = options.maxEntries ?? 10_000
  const now = options.now ?? Date.now
  const cache = new Map<Address, Entry>()
  const pending = new Map<Address, Promise<EnsProfile | null>>()

  const store = (key: Address, value: EnsProfile | null, ttl: number) => {
    cache.delete(key)
    cache.set(key, { value, expires: now() + ttl })
    // Map keeps insertion order, and hits are re-inserted: the first key is the least recent.
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value as Address)
  }
  const fresh = (key: Address): Entry | undefined => {
    const entry = cache.get(key)
    if (entry === undefined) return undefined
    cache.delete(key)
    if (entry.expires <= now()) return undefined
    cache.set(key, entry)
    return entry
  }
  const keyOf = (address: string): Address | null => {
    try {
      return getAddress(address)
    } catch {
      return null
    }
  }

  // The address's lookup under way, or a new one: concurrent requests for one address share one.
  const lookupOf = (key: Address): Promise<EnsProfile | null> => {
    let lookup = pending.get(key)
    if (lookup === undefined) {
      lookup = lookUp(chain, registry, key).then((value) => {
        store(key, value, ttlMs)
        return value
      }, () => {
        // Not a confirmed absence: remembered briefly so an RPC outage is not asked every time.
        store(key, null, failureTtlMs)
        return null
      }).finally(() => pending.delete(key))
      pending.set(key, lookup)
    }
    return lookup
  }

  return {
    peek (address) {
      const key = keyOf(address)
      return key === null ? null : fresh(key)?.value
    },
    prefetch (address) {
      const key = keyOf(address)
      // Never rejects: a failure is cached as no name.
      if (key !== null && fresh(key) === undefined) lookupOf(key)
    },
    async resolve (address) {
      const key = keyOf(address)
      if (key === null) return null
      const hit = fresh(key)
      if (hit !== undefined) return hit.value
      return await within(lookupOf(key), waitMs)
    }
  }
}
