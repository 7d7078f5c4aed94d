import { Signature, Wallet, keccak256, toUtf8Bytes, verifyMessage } from 'ethers'
import t from 'tap'
import { createRecoverSigner, isSignedBy, recoverSigner, signerBackend } from '../../src/siwe/recover-signer.js'
import {
  javascriptBackend, loadNativeBackend, loadWasmBackend, type RecoveryBackend
} from '../../src/siwe/secp256k1-backends.js'

// Every backend must give exactly what ethers' verifyMessage gives (the previous implementation,
// and what the siwe library uses): the same address for good signatures, null where it throws.

const N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141n
const wallets = [1, 2, 3].map((i) => new Wallet(keccak256(toUtf8Bytes(`recover-signer test key ${i}`))))
const MESSAGES = [
  'example.com wants you to sign in with your Ethereum account:\n0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2\n\n\nURI: https://example.com\nVersion: 1\nChain ID: 1\nNonce: abcdefgh\nIssued At: 2026-11-28T10:00:00Z',
  '', 'a', 'héllo wörld 😀', 'x'.repeat(5000)
]

const hex32 = (n: bigint): string => n.toString(16).padStart(64, '0')
const reference = (text: string, signature: string): string | null => {
  try {
    return verifyMessage(text, signature)
  } catch {
    return null
  }
}

const backends: Array<[string, RecoveryBackend | null]> = [
  ['libsecp256k1-native', loadNativeBackend()],
  ['libsecp256k1-wasm', loadWasmBackend()],
  ['javascript', javascriptBackend]
]

t.test('the module picks the first backend that loads', async (t) => {
  t.comment(`signer backend: ${signerBackend}`)
  const expected = loadNativeBackend() !== null ? 'libsecp256k1-native' : loadWasmBackend() !== null ? 'libsecp256k1-wasm' : 'javascript'
  t.equal(signerBackend, expected)
  const signature = wallets[0].signMessageSync(MESSAGES[0])
  t.equal(recoverSigner(MESSAGES[0], signature), wallets[0].address)
  t.equal(recoverSigner(MESSAGES[0], '0x1234'), null)
})

t.test('isSignedBy: the signer only, for exactly the signed text', async (t) => {
  const signature = wallets[0].signMessageSync(MESSAGES[0])
  t.ok(isSignedBy(MESSAGES[0], signature, wallets[0].address))
  t.notOk(isSignedBy(MESSAGES[0], signature, wallets[1].address), 'another address')
  t.notOk(isSignedBy(`${MESSAGES[0]} `, signature, wallets[0].address), 'other text')
  t.notOk(isSignedBy(MESSAGES[0], '0x1234', wallets[0].address), 'no signature')
  for (const malformed of [`zz${wallets[0].address.slice(2)}`, wallets[0].address.slice(2), `${wallets[0].address}0`, `0x${wallets[0].address.slice(3)}`]) {
    t.notOk(isSignedBy(MESSAGES[0], signature, malformed), `not an address: ${malformed}`)
  }
})

for (const [name, backend] of backends) {
  t.test(`backend ${name}`, { skip: backend === null ? `${name} does not load here` : false }, async (t) => {
    const recover = createRecoverSigner(backend as RecoveryBackend)

    t.test('real signatures, in every spelling ethers accepts', async (t) => {
      for (const wallet of wallets) {
        for (const text of MESSAGES) {
          const signature = Signature.from(wallet.signMessageSync(text))
          const v = signature.v
          const rs = signature.r + signature.s.slice(2)
          const spellings = [
            signature.serialized, signature.serialized.toUpperCase().replace('0X', '0x'), '0X' + signature.serialized.slice(2),
            rs + (v - 27).toString(16).padStart(2, '0'), // v as 0 or 1
            rs + (v === 27 ? 37 : 38).toString(16), // EIP-155 v for chain 1
            rs + (v === 27 ? 255 : 254).toString(16), // the largest EIP-155 v a byte holds
            signature.compactSerialized // EIP-2098
          ]
          for (const spelling of spellings) t.equal(recover(text, spelling), wallet.address, `${wallet.address} ${spelling.slice(-4)}`)
          // The high-s twin (n - s, other parity) of a signature: ethers refuses any s with its top
          // bit set, which n - s has unless s lies in a sliver of width 2^127; so do we.
          const highS = '0x' + signature.r.slice(2) + hex32(N - BigInt(signature.s)) + (v === 27 ? '1c' : '1b')
          t.equal(recover(text, highS), null, 'high-s twin')
          t.equal(reference(text, highS), null, 'ethers agrees on the high-s twin')
          t.not(recover(text + ' ', signature.serialized), wallet.address, 'another text: another signer')
        }
      }
    })

    t.test('malformed signatures give null', async (t) => {
      const text = MESSAGES[0]
      const good = wallets[0].signMessageSync(text)
      const r = good.slice(2, 66)
      const s = good.slice(66, 130)
      const cases: Array<[string, string]> = [
        ['empty', ''], ['no 0x', good.slice(2)], ['0x only', '0x'], ['odd length', good + '0'],
        ['one byte long', good + '00'], ['63 bytes', good.slice(0, 128)], ['not hex', good.slice(0, -2) + 'zz'], ['space', good + ' '],
        ['v = 2', `0x${r}${s}02`], ['v = 26', `0x${r}${s}1a`], ['v = 29', `0x${r}${s}1d`], ['v = 34', `0x${r}${s}22`],
        ['s with its top bit set', `0x${r}${'8' + s.slice(1)}1b`], ['s = n + 1', `0x${r}${hex32(N + 1n)}1b`],
        ['r = 0', `0x${hex32(0n)}${s}1b`], ['s = 0', `0x${r}${hex32(0n)}1b`], ['r = n', `0x${hex32(N)}${s}1b`],
        ['r = 2^256 - 1', `0x${'f'.repeat(64)}${s}1b`], ['r = 5, not the x of any point', `0x${hex32(5n)}${s}1b`],
        ['compact with s = 0', `0x${r}${hex32(0n)}`], ['compact with r = 0', `0x${hex32(0n)}${s}`]
      ]
      for (const [label, signature] of cases) {
        t.equal(recover(text, signature), null, label)
        t.equal(reference(text, signature), null, `ethers agrees: ${label}`)
      }
      // 64 bytes are read as EIP-2098 r‖yParityAndS, so a 65-byte signature cut short is another signature
      const cut = good.slice(0, -2)
      t.equal(recover(text, cut), reference(text, cut), '64 bytes: the EIP-2098 reading, as ethers')
      t.not(recover(text, cut), wallets[0].address)
      for (const lone of ['\uD800', 'x\uDBFF', '\uDBFFx']) {
        t.equal(recover(lone, good), null, 'text with a lone high surrogate')
        t.equal(reference(lone, good), null, 'ethers agrees: it cannot encode it')
      }
      // A deliberate difference: ethers encodes a lone low surrogate as the three bytes of its code
      // unit (ED B0 80 for U+DC00) although it refuses a lone high one. Such text is not Unicode,
      // and no EIP-4361 message holds one (the parser takes ASCII only): we refuse both.
      t.equal(recover('a\uDC00b', good), null, 'text with a lone low surrogate')
      t.not(reference('a\uDC00b', good), null, 'ethers reads it as WTF-8')
    })

    t.test('agrees with ethers on randomly damaged signatures', async (t) => {
      let agreed = 0
      let seed = 0x5eed
      const next = (): number => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
        return seed >>> 8
      }
      for (let i = 0; i < 120; i++) {
        const text = MESSAGES[i % MESSAGES.length]
        const bytes = Buffer.from(wallets[i % 3].signMessageSync(text).slice(2), 'hex')
        const damage = i % 4
        if (damage === 0) bytes[64] = next() & 0xff // any v
        else if (damage === 1) bytes[next() % 64] ^= 1 << (next() % 8) // one bit of r or s
        else if (damage === 2) bytes.fill(next() & 0xff, 0, 32) // r of one repeated byte
        else bytes[32] = next() & 0xff // the top byte of s
        const signature = '0x' + bytes.toString('hex')
        if (recover(text, signature) === reference(text, signature)) agreed++
        else t.fail('differs from ethers', { text, signature })
      }
      t.equal(agreed, 120)
    })
  })
}
