import t from 'tap'
import { computeAddress, hexlify, verifyMessage } from 'ethers'
import { SiweMessage } from 'siwe'
import { formatSiweMessage } from '../../bench/lib/siwe-message.js'
import { chooseClientSigner, clientSigner, createWallet, signPersonalMessage } from '../../bench/lib/wallet.js'

t.test('a wallet has the EIP-55 address of its key', async (t) => {
  const wallet = createWallet()
  t.equal(wallet.address, computeAddress(hexlify(wallet.secretKey)))
})

t.test('its EIP-191 signature recovers to its address, in ethers and in siwe', async (t) => {
  const wallet = createWallet()
  const message = formatSiweMessage({
    domain: 'localhost:8080',
    address: wallet.address,
    statement: 'Sign in with Ethereum to the benchmark.',
    uri: 'http://localhost:8080',
    chainId: 1,
    nonce: 'Zx8fKq2LmN4pR7tVw',
    issuedAt: '2026-01-02T03:04:05.678Z',
    expirationTime: '2026-01-02T04:04:05.678Z'
  })
  const noble = chooseClientSigner(() => { throw new Error('not built') })
  t.equal(noble.name, 'noble', 'without the native addon, noble signs')
  t.equal(clientSigner.name, 'libsecp256k1-native', 'the addon is built here (allowScripts), so it signs')
  for (const signer of [clientSigner, noble]) {
    const signature = signPersonalMessage(wallet, message, signer)
    t.match(signature, /^0x[0-9a-f]{128}1[bc]$/)
    t.equal(verifyMessage(message, signature), wallet.address, signer.name)
  }
  const signature = signPersonalMessage(wallet, message)
  t.equal(signature, signPersonalMessage(wallet, message, noble), 'both sign deterministically alike (RFC 6979)')

  const parsed = new SiweMessage(message)
  t.equal(parsed.address, wallet.address)
  t.equal(parsed.nonce, 'Zx8fKq2LmN4pR7tVw')
  t.equal(parsed.expirationTime, '2026-01-02T04:04:05.678Z')
  // The text is what siwe itself would write for these fields.
  t.equal(parsed.prepareMessage(), message)
})
