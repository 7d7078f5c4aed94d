import t from 'tap'
import { createChainClients } from '../../src/chain/chain-clients.js'
import { verifyContractSignature } from '../../src/chain/verify-contract-signature.js'
import { startAnvil } from './anvil.js'
import { connect, siweMessage } from './contracts.js'
import { deployWallets } from './wallets.js'
import { startRpcProxy } from './rpc-proxy.js'

const CHAIN_ID = 31337
const anvil = await startAnvil(t, { chainId: CHAIN_ID })
const chain = await connect(t, anvil.url)
const { owner, stranger, deployed, counterfactual, wrap6492 } = await deployWallets(chain)

const clients = createChainClients(new Map([[CHAIN_ID, anvil.url]]), { timeoutMs: 2000 })
t.teardown(() => clients.close())

t.test('a deployed EIP-1271 account signed by its owner is valid', async (t) => {
  const message = siweMessage(deployed, CHAIN_ID)
  t.not(await chain.provider.getCode(deployed), '0x')
  t.equal(await verifyContractSignature(clients, { chainId: CHAIN_ID, address: deployed, message, signature: await owner.signMessage(message) }), true)
  // Lower-case addresses name the same account.
  t.equal(await verifyContractSignature(clients, { chainId: CHAIN_ID, address: deployed.toLowerCase(), message, signature: await owner.signMessage(message) }), true)
})

t.test('a deployed account rejects what its owner did not sign', async (t) => {
  const message = siweMessage(deployed, CHAIN_ID)
  const check = async (signature: string, text = message) =>
    verifyContractSignature(clients, { chainId: CHAIN_ID, address: deployed, message: text, signature })
  t.equal(await check(await stranger.signMessage(message)), false, 'a non-owner signature')
  t.equal(await check(await owner.signMessage(message), message + ' '), false, 'another text')
  t.equal(await check('0x1234'), false, 'too short a signature: the wallet answers no magic value')
})

t.test('an undeployed account signs through EIP-6492', async (t) => {
  const message = siweMessage(counterfactual, CHAIN_ID)
  t.equal(await chain.provider.getCode(counterfactual), '0x')
  const signature = await wrap6492(await owner.signMessage(message))
  t.equal(await verifyContractSignature(clients, { chainId: CHAIN_ID, address: counterfactual, message, signature }), true)
  t.equal(await chain.provider.getCode(counterfactual), '0x', 'eth_call left the account undeployed')
})

t.test('EIP-6492 signatures that do not hold are false', async (t) => {
  const message = siweMessage(counterfactual, CHAIN_ID)
  const check = async (signature: string) =>
    verifyContractSignature(clients, { chainId: CHAIN_ID, address: counterfactual, message, signature })
  t.equal(await check(await wrap6492(await stranger.signMessage(message))), false, 'wrapped non-owner signature')
  t.equal(await check(await owner.signMessage(message)), false, 'unwrapped: no code, and not the address\'s own ECDSA')
  t.equal(await check('0x1234'), false, 'the validator reverts on a malformed signature')
})

t.test('input that cannot be a signature, or a chain without RPC, is false without a request', async (t) => {
  const message = siweMessage(deployed, CHAIN_ID)
  const signature = await owner.signMessage(message)
  t.equal(await verifyContractSignature(clients, { chainId: 10, address: deployed, message, signature }), false)
  t.equal(await verifyContractSignature(clients, { chainId: CHAIN_ID, address: 'not an address', message, signature }), false)
  t.equal(await verifyContractSignature(clients, { chainId: CHAIN_ID, address: deployed, message, signature: 'nothex' }), false)
})

t.test('an endpoint that hangs is unavailable once the timeout passes', async (t) => {
  const proxy = await startRpcProxy(t, anvil.url)
  const slow = createChainClients(new Map([[CHAIN_ID, proxy.url]]), { timeoutMs: 300 })
  const message = siweMessage(deployed, CHAIN_ID)
  const input = { chainId: CHAIN_ID, address: deployed, message, signature: await owner.signMessage(message) }
  t.equal(await verifyContractSignature(slow, input), true, 'answers while the relay relays')
  proxy.hang = true
  await t.rejects(verifyContractSignature(slow, input), { code: 'RPC_UNAVAILABLE', statusCode: 503 })
})

t.test('an endpoint that serves another chain is unavailable, and asked again next time', async (t) => {
  const proxy = await startRpcProxy(t, anvil.url)
  const wrong = createChainClients(new Map([[10, proxy.url]]))
  const message = siweMessage(deployed, 10)
  const input = { chainId: 10, address: deployed, message, signature: await owner.signMessage(message) }
  await t.rejects(verifyContractSignature(wrong, input), { code: 'RPC_UNAVAILABLE', cause: { message: /serves chain 31337/ } })
  const before = proxy.calls
  await t.rejects(verifyContractSignature(wrong, input), { code: 'RPC_UNAVAILABLE' })
  t.equal(proxy.calls, before + 1, 'the chain ID was asked again')
})

t.test('a node stopped mid-run makes the check unavailable, never valid', async (t) => {
  const node = await startAnvil(t, { chainId: CHAIN_ID })
  const local = createChainClients(new Map([[CHAIN_ID, node.url]]), { timeoutMs: 2000 })
  const message = siweMessage(counterfactual, CHAIN_ID)
  const input = { chainId: CHAIN_ID, address: counterfactual, message, signature: await owner.signMessage(message) }
  t.equal(await verifyContractSignature(local, input), false, 'the node answers')
  await node.stop()
  await t.rejects(verifyContractSignature(local, input), { code: 'RPC_UNAVAILABLE' })
})
