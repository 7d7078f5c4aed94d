import { keccak256 as ethersKeccak256 } from 'ethers'
import t from 'tap'
import { javascriptKeccak, keccak256, keccakImplementation, loadKeccak } from '../../src/siwe/keccak.js'

const hex = (bytes: Uint8Array): string => '0x' + Buffer.from(bytes).toString('hex')

t.test('the WebAssembly Keccak-256 loads here and agrees with JavaScript at every block boundary', async (t) => {
  const wasm = await loadKeccak()
  t.equal(wasm.name, 'wasm')
  t.equal(keccakImplementation, 'wasm', 'the module uses it')
  t.equal(hex(keccak256(Buffer.from('abc'))), '0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45', 'keccak-256("abc")')
  for (const length of [0, 1, 31, 32, 40, 64, 135, 136, 137, 271, 272, 273, 500, 4096]) {
    const data = Buffer.alloc(length, length % 251)
    const expected = ethersKeccak256(data)
    t.equal(hex(wasm.keccak256(data)), expected, `wasm, ${length} bytes`)
    t.equal(hex(javascriptKeccak.keccak256(data)), expected, `javascript, ${length} bytes`)
  }
})

t.test('falls back to JavaScript where WebAssembly is not there or wrong', async (t) => {
  const noWasm = await loadKeccak(() => ({ createKeccak: async () => { throw new Error('WebAssembly is not defined') } }))
  t.equal(noWasm, javascriptKeccak, 'node --jitless has no WebAssembly')
  t.equal(await loadKeccak(() => { throw new Error('Cannot find module') }), javascriptKeccak, 'package missing')
  const zeros = { init: () => zeros, update: () => zeros, digest: () => new Uint8Array(32) }
  t.equal(await loadKeccak(() => ({ createKeccak: async () => zeros })), javascriptKeccak, 'wrong answers: not used')
})
