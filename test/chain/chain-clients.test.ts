import t from 'tap'
import { Wallet } from 'ethers'
import { socketClientCache } from 'viem/utils'
import { createChainClient, createChainClients } from '../../src/chain/chain-clients.js'
import { toRpcUnavailable } from '../../src/chain/rpc-errors.js'
import { verifyContractSignature } from '../../src/chain/verify-contract-signature.js'
import { findFreePort } from '../../bench/lib/free-port.js'
import { startAnvil } from './anvil.js'
import { siweMessage } from './contracts.js'

const anvil = await startAnvil(t)
const signer = Wallet.createRandom()
const message = siweMessage(signer.address, 31337)
// An EOA's signature passes the 6492 validator too: a cheap valid check without contracts.
const valid = { chainId: 31337, address: signer.address, message, signature: await signer.signMessage(message) }
// A signature the validator reverts on: the endpoint's own JSON-RPC error answer.
const reverting = { ...valid, signature: '0x1234' }
const openSockets = (url: string) => [...socketClientCache.values()].filter((socket) => socket.url === url).length

t.test('a WebSocket endpoint answers, keeps its socket through a revert, and closes', async (t) => {
  const clients = createChainClients(new Map([[31337, anvil.wsUrl]]), { timeoutMs: 2000 })
  t.equal(await verifyContractSignature(clients, valid), true)
  t.equal(await verifyContractSignature(clients, reverting), false)
  t.equal(openSockets(anvil.wsUrl), 1)
  await clients.close()
  t.equal(openSockets(anvil.wsUrl), 0)
  await clients.close()
})

t.test('a WebSocket endpoint that went away and came back is used again', async (t) => {
  const node = await startAnvil(t)
  const clients = createChainClients(new Map([[31337, node.wsUrl]]), { timeoutMs: 2000 })
  t.teardown(() => clients.close())
  t.equal(await verifyContractSignature(clients, valid), true)
  await node.stop()
  await t.rejects(verifyContractSignature(clients, valid), { code: 'RPC_UNAVAILABLE' })
  t.equal(openSockets(node.wsUrl), 0, 'the dead socket was dropped')
  await startAnvil(t, { port: node.port })
  t.equal(await verifyContractSignature(clients, valid), true)
})

t.test('close() opens nothing: unused sockets, HTTP, and sockets that never connected', async (t) => {
  await createChainClient(31337, anvil.wsUrl).close()
  await createChainClient(31337, anvil.url).close()
  const refused = createChainClient(31337, `ws://127.0.0.1:${await findFreePort()}`, { timeoutMs: 500 })
  await t.rejects(refused.checkChain(), { code: 'RPC_UNAVAILABLE' })
  await refused.close()
  t.equal(socketClientCache.size, 0)
})

t.test('the chain ID is asked once', async (t) => {
  const client = createChainClient(31337, anvil.url)
  await client.checkChain()
  await client.checkChain()
  t.equal(client.chainId, 31337)
})

t.test('errors from outside viem still become rpc_unavailable', async (t) => {
  t.match(toRpcUnavailable(new Error('boom')), { code: 'RPC_UNAVAILABLE', cause: { message: 'the RPC request failed' } })
})
