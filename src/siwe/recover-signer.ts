import { keccak256 } from './keccak.js'
import { checksumAddress } from './eip55.js'
import {
  firstAvailable, loadNativeBackend, loadWasmBackend,
  type RecoveryBackend, type SignerBackendName
} from './secp256k1-backends.js'

// 65 bytes r‖s‖v, or EIP-2098's 64 bytes r‖(yParity·2^255 + s): what ethers' verifyMessage takes.
const SIGNATURE_RE = /^0x(?:[0-9a-f]{128}|[0-9a-f]{130})$/i
// A UTF-16 surrogate without its pair: such text is not Unicode and has no UTF-8 bytes to sign.
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

type RecoverSigner = (text: string, signature: string) => string | null
// An EIP-55 spelling's shape; isSignedBy leaves its checksum to the message parser, which checked it.
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/

/**
 * Signer recovery on a given backend, giving the address as 40 lower-case hex digits. It accepts
 * exactly the signatures ethers' `verifyMessage` (which the `siwe` library uses) accepts: v of 0,
 * 1, 27, 28 or EIP-155's 35 and up, and s with its top bit clear. Ethers does not test s <= n/2 as
 * such, but the top-bit rule refuses the high-s twin (n - s) of every ordinary signature except
 * for s in a sliver of width 2^127 (about 2^-128 of signatures), which is accepted as ethers
 * accepts it. A second spelling of a signature would not let anyone in twice anyway: each nonce is
 * single-use.
 */
function createRecoverAddress (backend: RecoveryBackend): RecoverSigner {
  return function recover (text, signature) {
    if (!SIGNATURE_RE.test(signature) || LONE_SURROGATE_RE.test(text)) return null
    const bytes = Buffer.from(signature.slice(2), 'hex')
    let recoveryId: 0 | 1
    if (bytes.length === 64) {
      recoveryId = bytes[32] >> 7 === 1 ? 1 : 0
      bytes[32] &= 0x7f
    } else {
      const v = bytes[64]
      if ((bytes[32] & 0x80) !== 0) return null
      if (v === 0 || v === 27) recoveryId = 0
      else if (v === 1 || v === 28) recoveryId = 1
      else if (v >= 35) recoveryId = (v & 1) === 1 ? 0 : 1
      else return null
    }
    // EIP-191 version 0x45: "\x19Ethereum Signed Message:\n" + byte length + message
    const digest = keccak256(Buffer.from(`\x19Ethereum Signed Message:\n${Buffer.byteLength(text)}${text}`))
    const publicKey = backend.recoverPublicKey(digest, bytes.subarray(0, 64), recoveryId)
    if (publicKey === null) return null
    return Buffer.from(keccak256(publicKey.subarray(1)).subarray(12)).toString('hex')
  }
}

/** Signer recovery on a given backend, as createRecoverAddress, giving the EIP-55 address. */
export function createRecoverSigner (backend: RecoveryBackend): RecoverSigner {
  return withChecksum(createRecoverAddress(backend))
}

function withChecksum (recover: RecoverSigner): RecoverSigner {
  return (text, signature) => {
    const address = recover(text, signature)
    return address === null ? null : checksumAddress(address)
  }
}

const backend = firstAvailable([loadNativeBackend, loadWasmBackend])

/** Which implementation recovers signers in this process, for the start-up log and the bench. */
export const signerBackend: SignerBackendName = backend.name

const recoverAddressWithBackend = createRecoverAddress(backend)
const recoverSignerWithBackend = withChecksum(recoverAddressWithBackend)

/**
 * The EIP-55 address whose EIP-191 (`personal_sign`) signature `signature` is over the exact
 * `text`, or null when the signature is not a well-formed ECDSA signature (65 bytes, or 64 in
 * EIP-2098's compact form).
 */
export function recoverSigner (text: string, signature: string): string | null {
  return recoverSignerWithBackend(text, signature)
}

/**
 * Whether `signature` is `address`'s EIP-191 signature of exactly `text`. `address` is an EIP-55
 * address whose checksum the caller has checked (the message parser does): it is compared in lower
 * case, so a sign-in costs no second Keccak-256 for the recovered address's spelling.
 */
export function isSignedBy (text: string, signature: string, address: string): boolean {
  return ADDRESS_RE.test(address) && recoverAddressWithBackend(text, signature) === address.slice(2).toLowerCase()
}
