// What a contract-account signature check costs next to an EOA one, against a local anvil:
// milliseconds per verification (median and 95th percentile of sequential runs) and JSON-RPC
// requests per verification (counted by a relay in a separate pass, so it adds no latency).
// Run: npm run bench:chain [-- iterations]
import { once } from 'node:events'
import { loadavg } from 'node:os'
import { createServer } from 'node:http'
import { Contract, JsonRpcProvider, Wallet, id, type JsonRpcApiProviderOptions } from 'ethers'
import { SiweMessage } from 'siwe'
import {
  createPublicClient,
  encodeDeployData,
  erc6492SignatureValidatorAbi,
  erc6492SignatureValidatorByteCode,
  hashMessage,
  http,
  recoverMessageAddress
} from 'viem'
import { createChainClients } from '../src/chain/chain-clients.js'
import { createEnsResolver, type EnsResolver } from '../src/chain/ens.js'
import { verifyContractSignature } from '../src/chain/verify-contract-signature.js'
import { recoverSigner } from '../src/siwe/recover-signer.js'
import { launchAnvil } from '../test/chain/anvil.js'
import { openChain, siweMessage } from '../test/chain/contracts.js'
import { deployEns } from '../test/chain/ens-fixture.js'

const CHAIN_ID = 31337
const iterations = Number(process.argv[2] ?? 200)
const warmUp = 20

interface Candidate {
  name: string
  /** Builds a verifier for one endpoint URL; close() releases what it holds. */
  open: (url: string) => { verify: () => Promise<boolean>, close: () => Promise<void> | void }
}

const anvil = await launchAnvil({ chainId: CHAIN_ID })
const chain = await openChain(anvil.url)
// ENS reads mainnet's registry address: a second node with chain ID 1.
const ensNode = await launchAnvil({ chainId: 1 })
const ensChain = await openChain(ensNode.url)

// A relay that counts the JSON-RPC calls passing through it (a batch counts each call).
let relayed = 0
let relayTarget = anvil.url
const relay = createServer((req, res) => {
  let body = ''
  req.on('data', (chunk: Buffer) => { body += String(chunk) })
  req.on('end', () => {
    const parsed = JSON.parse(body) as unknown
    relayed += Array.isArray(parsed) ? parsed.length : 1
    fetch(relayTarget, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      .then(async (answer) => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text()))
      .catch(() => res.writeHead(502).end())
  })
})
relay.listen(0, '127.0.0.1')
await once(relay, 'listening')
const relayUrl = `http://127.0.0.1:${(relay.address() as { port: number }).port}`

const owner = Wallet.createRandom()
const factory = await chain.deploy('WalletFactory')
await chain.send(factory.getFunction('deploy').populateTransaction(owner.address, id('bench')))
const wallet = await factory.getFunction('addressOf')(owner.address, id('bench')) as string
// siwe re-serialises the message before hashing it: sign its own serialisation.
const message = new SiweMessage(siweMessage(wallet, CHAIN_ID)).prepareMessage()
const signature = await owner.signMessage(message)
const eoaMessage = siweMessage(owner.address, CHAIN_ID)
const eoaSignature = await owner.signMessage(eoaMessage)

const ERC1271 = ['function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)']
const ethersProvider = (url: string, options: JsonRpcApiProviderOptions) => new JsonRpcProvider(url, CHAIN_ID, options)

const candidates: Candidate[] = [
  {
    name: 'EOA: our recoverSigner (libsecp256k1), the service\'s EOA check (no RPC)',
    open: () => ({ verify: async () => recoverSigner(eoaMessage, eoaSignature) === owner.address, close: () => {} })
  },
  {
    name: 'EOA: viem recoverMessageAddress (no RPC)',
    open: () => ({
      verify: async () => await recoverMessageAddress({ message: eoaMessage, signature: eoaSignature as `0x${string}` }) === owner.address,
      close: () => {}
    })
  },
  ...([
    ['siwe 3 verify(), default ethers JsonRpcProvider', {}],
    ['siwe 3 verify(), ethers batchMaxCount: 1', { batchMaxCount: 1 }],
    ['siwe 3 verify(), ethers batchMaxCount: 1 + staticNetwork', { batchMaxCount: 1, staticNetwork: true }]
  ] as const).map(([name, options]): Candidate => ({
    name,
    open: (url) => {
      const provider = ethersProvider(url, options)
      return {
        verify: async () => (await new SiweMessage(message).verify({ signature }, { provider, suppressExceptions: true })).success,
        close: () => provider.destroy()
      }
    }
  })),
  {
    name: 'ethers Contract isValidSignature (1271 only), batchMaxCount: 1 + staticNetwork',
    open: (url) => {
      const provider = ethersProvider(url, { batchMaxCount: 1, staticNetwork: true })
      const account = new Contract(wallet, ERC1271, provider)
      return {
        verify: async () => await account.getFunction('isValidSignature')(hashMessage(message), signature) === '0x1626ba7e',
        close: () => provider.destroy()
      }
    }
  },
  {
    name: 'ethers eth_call of the 6492 validator, batchMaxCount: 1 + staticNetwork',
    open: (url) => {
      const provider = ethersProvider(url, { batchMaxCount: 1, staticNetwork: true })
      const data = encodeDeployData({ abi: erc6492SignatureValidatorAbi, bytecode: erc6492SignatureValidatorByteCode, args: [wallet as `0x${string}`, hashMessage(message), signature as `0x${string}`] })
      return { verify: async () => await provider.call({ data }) === '0x01', close: () => provider.destroy() }
    }
  },
  {
    name: 'viem publicClient.verifyMessage (6492 validator)',
    open: (url) => {
      const client = createPublicClient({ transport: http(url) })
      return { verify: async () => client.verifyMessage({ address: wallet as `0x${string}`, message, signature: signature as `0x${string}` }), close: () => {} }
    }
  },
  {
    name: 'this service: verifyContractSignature (viem, 6492 validator)',
    open: (url) => {
      const clients = createChainClients(new Map([[CHAIN_ID, url]]))
      return { verify: async () => verifyContractSignature(clients, { chainId: CHAIN_ID, address: wallet, message, signature }), close: () => clients.close() }
    }
  }
]

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number

console.log(`${iterations} sequential verifications after ${warmUp} warm-up ones, anvil on 127.0.0.1, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}`)
console.log('| check | median ms | p95 ms | JSON-RPC calls per check (steady state) |')
console.log('| --- | ---: | ---: | ---: |')
for (const candidate of candidates) {
  const timed = candidate.open(anvil.url)
  for (let i = 0; i < warmUp; i++) if (!await timed.verify()) throw new Error(`${candidate.name} said invalid`)
  const times: number[] = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    await timed.verify()
    times.push(performance.now() - start)
  }
  await timed.close()

  const counted = candidate.open(relayUrl)
  await counted.verify()
  relayed = 0
  for (let i = 0; i < 10; i++) await counted.verify()
  await counted.close()

  times.sort((a, b) => a - b)
  console.log(`| ${candidate.name} | ${quantile(times, 0.5).toFixed(2)} | ${quantile(times, 0.95).toFixed(2)} | ${relayed / 10} |`)
}

// ENS: one primary-name lookup (reverse record, forward check, avatar) and a cached one.
const ens = await deployEns(ensChain)
const named = Wallet.createRandom().address
await ens.register('named.eth', named, 'https://example.org/named.png')
await ens.setReverse(named, 'named.eth')
relayTarget = ensNode.url
const ensUrls = (url: string) => createChainClients(new Map([[1, url]]))
const ensCandidates: Array<[string, (r: EnsResolver) => Promise<unknown>, number]> = [
  ['ENS lookup, not cached (ttlMs: 0)', async (r) => r.resolve(named), 0],
  ['ENS lookup, cached', async (r) => r.resolve(named), 600_000]
]
for (const [name, run, ttlMs] of ensCandidates) {
  const clients = ensUrls(ensNode.url)
  const resolver = createEnsResolver(clients, { ttlMs }) as EnsResolver
  if (await run(resolver) === null) throw new Error('no ENS name')
  const times: number[] = []
  for (let i = 0; i < iterations; i++) {
    const start = performance.now()
    await run(resolver)
    times.push(performance.now() - start)
  }
  const countedClients = ensUrls(relayUrl)
  const counted = createEnsResolver(countedClients, { ttlMs }) as EnsResolver
  await run(counted)
  relayed = 0
  for (let i = 0; i < 10; i++) await run(counted)
  await Promise.all([clients.close(), countedClients.close()])
  times.sort((a, b) => a - b)
  console.log(`| ${name} | ${quantile(times, 0.5).toFixed(2)} | ${quantile(times, 0.95).toFixed(2)} | ${relayed / 10} |`)
}

chain.provider.destroy()
ensChain.provider.destroy()
relay.closeAllConnections()
relay.close()
await Promise.all([anvil.stop(), ensNode.stop()])
