import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
// The service's Keccak-256 (WebAssembly where it compiles): @noble/hashes' took a third of the
// driver's signing time (about 24 µs a message against 1.2, `npm run bench:micro`).
import { keccak256 } from '../../src/siwe/keccak.js'
import { loadNativeAddon, type ModuleLoader } from '../../src/siwe/secp256k1-backends.js'

/** A pre-created externally owned account that a virtual user signs in with. */
export interface Wallet {
  secretKey: Uint8Array
  /** EIP-55 checksummed, as the EIP-4361 grammar requires. */
  address: string
}

/** Signs a 32-byte digest: r || s, and the recovery bit. */
export interface ClientSigner {
  name: 'libsecp256k1-native' | 'noble'
  sign: (digest: Uint8Array, secretKey: Uint8Array) => { rs: Uint8Array, recovery: number }
}

const nobleSigner: ClientSigner = {
  name: 'noble',
  sign (digest, secretKey) {
    const recovered = secp256k1.sign(digest, secretKey, { prehash: false, format: 'recovered' })
    // noble puts the recovery bit first.
    return { rs: recovered.subarray(1), recovery: recovered[0] as number }
  }
}

/**
 * The driver's signer: libsecp256k1's native addon where the `secp256k1` package was built (the
 * service's own recovery needs that build too), else @noble/curves. Natively a signature costs the
 * driver a tenth of noble's, so the driver is less often the bottleneck of a run.
 */
export function chooseClientSigner (load?: ModuleLoader): ClientSigner {
  const addon = loadNativeAddon(load)
  if (addon === null) return nobleSigner
  return {
    name: 'libsecp256k1-native',
    sign (digest, secretKey) {
      const { signature, recid } = addon.ecdsaSign(digest, secretKey)
      return { rs: signature, recovery: recid }
    }
  }
}

export const clientSigner = chooseClientSigner()

function toChecksumAddress (lowerHex: string): string {
  const hash = bytesToHex(keccak256(utf8ToBytes(lowerHex)))
  let out = '0x'
  for (let i = 0; i < lowerHex.length; i++) {
    // EIP-55: a letter is upper case where the nibble of the hash at its position is 8 or more.
    out += parseInt(hash[i] as string, 16) >= 8 ? (lowerHex[i] as string).toUpperCase() : lowerHex[i]
  }
  return out
}

export function createWallet (): Wallet {
  const secretKey = secp256k1.utils.randomSecretKey()
  // The address is the last 20 bytes of keccak-256 over the uncompressed key without its 0x04 prefix.
  const publicKey = secp256k1.getPublicKey(secretKey, false).subarray(1)
  const address = toChecksumAddress(bytesToHex(keccak256(publicKey).subarray(12)))
  return { secretKey, address }
}

/** EIP-191 `personal_sign`: keccak-256 over "\x19Ethereum Signed Message:\n" + byte length + message. */
export function signPersonalMessage (wallet: Wallet, text: string, signer: ClientSigner = clientSigner): string {
  const message = utf8ToBytes(text)
  const prefix = utf8ToBytes(`\x19Ethereum Signed Message:\n${message.length}`)
  const payload = new Uint8Array(prefix.length + message.length)
  payload.set(prefix)
  payload.set(message, prefix.length)
  const { rs, recovery } = signer.sign(keccak256(payload), wallet.secretKey)
  // Ethereum wants r || s || v with v = 27 + recovery bit.
  return `0x${bytesToHex(rs)}${(27 + recovery).toString(16)}`
}
