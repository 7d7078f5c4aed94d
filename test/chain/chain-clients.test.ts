import t from 'tap'
import { Wallet } from 'ethers'
import { createChainClient, createChainClients } from '../../src/chain/chain-clients.js'
import { toRpcUnavailable } from '../../src/chain/rpc-errors.js'
import { verifyContractSignature } from '../../src/chain/verify-contract-signature.js'
import { freePort, startAnvil } from './anvil.js'
import { siweMessage } from './contracts.js'

const anvil = await startAnvil(t)

t.test('a WebSocket endpoint answers and closes', async (t) => {
  const clients = createChainClients(new Map([[31337, anvil.wsUrl]]), { timeoutMs: 2000 })
  const signer = Wallet.createRandom()
  const message = siweMessage(signer.address, 31337)
  // An EOA's signature passes the validator too: this one call went over the socket.
  t.equal(await verifyContractSignature(clients, { chainId: 31337, address: signer.address, message, signature: await signer.signMessage(message) }), true)
  await clients.close()
  await clients.close()
})

t.test('close() opens nothing: unused sockets, HTTP, and sockets that never connected', async (t) => {
  await createChainClient(31337, anvil.wsUrl).close()
  await createChainClient(31337, anvil.url).close()
  const refused = createChainClient(31337, `ws://127.0.0.1:${await freePort()}`, { timeoutMs: 500 })
  await t.rejects(refused.checkChain(), { code: 'RPC_UNAVAILABLE' })
  await refused.close()
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
