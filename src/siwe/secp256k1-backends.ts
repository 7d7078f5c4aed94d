import { createRequire } from 'node:module'
import { SigningKey, hexlify } from 'ethers'
import type * as NativeSecp256k1 from 'secp256k1'
import type * as TinySecp256k1 from 'tiny-secp256k1'

// Public-key recovery is the one costly step of checking a sign-in: libsecp256k1 does it about
// 30 times faster natively, and about 7 times faster as WebAssembly, than pure JavaScript. Each
// backend is loaded only if it really is libsecp256k1 and gives the right answer to a known
// signature, so the service can report which one it runs and never runs a broken one.

export type SignerBackendName = 'libsecp256k1-native' | 'libsecp256k1-wasm' | 'javascript'

export interface RecoveryBackend {
  readonly name: SignerBackendName
  /**
   * The uncompressed (65-byte) public key that made the signature `rs` (r and s, 32 bytes each)
   * with `recoveryId` over `digest`, or null when no key did (r or s out of range, r not a point).
   */
  recoverPublicKey: (digest: Uint8Array, rs: Uint8Array, recoveryId: 0 | 1) => Uint8Array | null
}

/** How a module is loaded: the real `require`, or a stand-in that fails like a missing build. */
export type ModuleLoader = (id: string) => unknown

const requireHere: ModuleLoader = createRequire(import.meta.url)

/** The `secp256k1` package's compiled addon (prebuilt or built by node-gyp), or null when there is none. */
export function loadNativeAddon (load: ModuleLoader = requireHere): typeof NativeSecp256k1 | null {
  try {
    // Not the package's main entry: that silently swaps in its pure-JS `elliptic` build when the
    // addon is missing. `bindings` throws instead.
    return load('secp256k1/bindings') as typeof NativeSecp256k1
  } catch {
    return null
  }
}

/** libsecp256k1 through the `secp256k1` package's compiled addon. */
export function loadNativeBackend (load: ModuleLoader = requireHere): RecoveryBackend | null {
  const addon = loadNativeAddon(load)
  if (addon === null) return null
  return selfTested({
    name: 'libsecp256k1-native',
    recoverPublicKey (digest, rs, recoveryId) {
      try {
        return addon.ecdsaRecover(rs, recoveryId, digest, false)
      } catch { // r or s out of range, or no point with x = r
        return null
      }
    }
  })
}

/** libsecp256k1 compiled to WebAssembly, as the `tiny-secp256k1` package ships it. */
export function loadWasmBackend (load: ModuleLoader = requireHere): RecoveryBackend | null {
  let tiny: typeof TinySecp256k1
  try {
    tiny = load('tiny-secp256k1') as typeof TinySecp256k1
  } catch {
    return null
  }
  return selfTested({
    name: 'libsecp256k1-wasm',
    recoverPublicKey (digest, rs, recoveryId) {
      try {
        return tiny.recover(digest, rs, recoveryId, false)
      } catch { // tiny-secp256k1 throws for r or s out of range and r off the curve
        return null
      }
    }
  })
}

/** Pure JavaScript (@noble/curves, through ethers): always there, about 2 ms per recovery. */
export const javascriptBackend: RecoveryBackend = {
  name: 'javascript',
  recoverPublicKey (digest, rs, recoveryId) {
    try {
      const signature = { r: hexlify(rs.subarray(0, 32)), s: hexlify(rs.subarray(32, 64)), yParity: recoveryId }
      return Buffer.from(SigningKey.recoverPublicKey(digest, signature).slice(2), 'hex')
    } catch {
      return null
    }
  }
}

/** The first backend that loads and passes its self-test, else the JavaScript one. */
export function firstAvailable (loaders: Array<() => RecoveryBackend | null>): RecoveryBackend {
  for (const load of loaders) {
    const backend = load()
    if (backend !== null) return backend
  }
  return javascriptBackend
}

// A personal_sign signature over "backend self-test" by a fixed key, made with ethers.
const SELF_TEST_DIGEST = Buffer.from('3e77eadf5578bdb942cbd254cc3b91c25f17a99d973c8655f3f04f05f80cc210', 'hex')
const SELF_TEST_RS = Buffer.from('6960472a84a4c7c059b0cb96aec9bc466e8534b64810c587d21dc52a58df9802' +
  '145fe928d10e3fa5ca3f27a4bdfab2001a715887154808047617cba08330f849', 'hex')
const SELF_TEST_PUBLIC_KEY = '04bbc477a49ac8e7fb415dcfe65b449ad133b9971677135119ad17b50f45b6f2ae' +
  'fda9fcda2c5046763ce1f3dbd0a3f0c791848b902899738f6363b647219d95d3'

function selfTested (backend: RecoveryBackend): RecoveryBackend | null {
  const key = backend.recoverPublicKey(SELF_TEST_DIGEST, SELF_TEST_RS, 0)
  return key !== null && Buffer.from(key).toString('hex') === SELF_TEST_PUBLIC_KEY ? backend : null
}
