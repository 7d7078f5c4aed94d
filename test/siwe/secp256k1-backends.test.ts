import t from 'tap'
import {
  firstAvailable, javascriptBackend, loadNativeBackend, loadWasmBackend, type ModuleLoader, type RecoveryBackend
} from '../../src/siwe/secp256k1-backends.js'

// Loaders take the module loader as a parameter, so a missing build and a broken one can be shown
// without touching node_modules.

const missing: ModuleLoader = (id) => {
  throw new Error(`Cannot find module '${id}' (no native build was found)`)
}
const wrongKey = new Uint8Array(65).fill(4)

t.test('the native backend is the compiled addon, never the package\'s silent JavaScript fallback', async (t) => {
  let asked = ''
  const spy: ModuleLoader = (id) => {
    asked = id
    throw new Error('not here')
  }
  t.equal(loadNativeBackend(spy), null)
  t.equal(asked, 'secp256k1/bindings', 'loads the addon entry, which throws when the addon was not built')
  t.equal(loadNativeBackend(missing), null, 'no addon: no native backend')
  t.equal(loadNativeBackend(() => ({ ecdsaRecover: () => wrongKey })), null, 'an addon with wrong answers fails its self-test')
  t.equal(loadNativeBackend(() => ({ ecdsaRecover: () => { throw new Error('broken') } })), null, 'an addon that throws fails it too')
  const real = loadNativeBackend()
  if (real !== null) t.equal(real.name, 'libsecp256k1-native')
})

t.test('the WebAssembly backend', async (t) => {
  t.equal(loadWasmBackend(missing), null, 'not installed: no WebAssembly backend')
  t.equal(loadWasmBackend(() => ({ recover: () => null })), null, 'a module that recovers nothing fails its self-test')
  t.equal(loadWasmBackend(() => ({ recover: () => wrongKey })), null, 'a module with wrong answers fails its self-test')
  const real = loadWasmBackend()
  if (real !== null) t.equal(real.name, 'libsecp256k1-wasm')
})

t.test('firstAvailable falls back in order, to JavaScript last', async (t) => {
  const wasm: RecoveryBackend = { name: 'libsecp256k1-wasm', recoverPublicKey: () => null }
  t.equal(firstAvailable([]), javascriptBackend)
  t.equal(firstAvailable([() => null, () => null]), javascriptBackend, 'neither libsecp256k1 build loads')
  t.equal(firstAvailable([() => null, () => wasm]), wasm, 'no native build: WebAssembly')
  t.equal(firstAvailable([() => wasm, () => { throw new Error('not reached') }]), wasm, 'stops at the first that loads')
  t.equal(firstAvailable([() => loadNativeBackend(missing), () => loadWasmBackend(missing)]).name, 'javascript')
})
