import { createRequire } from 'node:module'
import { keccak_256 as nobleKeccak256 } from '@noble/hashes/sha3'
import type * as HashWasm from 'hash-wasm'

// Keccak-256 runs three times per sign-in (the EIP-191 digest, the signer's address, the EIP-55
// check of the message's address; the signer is compared in lower case, never spelled).
// hash-wasm's WebAssembly build does a 40-byte input in about 1 µs and a message in about 2,
// pure-JavaScript @noble/hashes in 11 and 40 to 55: enough to be a quarter of a sign-in's cost.
// @noble/hashes stays as the fallback where WebAssembly is off (node --jitless).

export type Keccak256 = (data: Uint8Array) => Uint8Array

export interface KeccakImplementation {
  readonly name: 'wasm' | 'javascript'
  readonly keccak256: Keccak256
}

export const javascriptKeccak: KeccakImplementation = { name: 'javascript', keccak256: nobleKeccak256 }

const requireHere = createRequire(import.meta.url)

/** hash-wasm's Keccak-256 when its WebAssembly compiles here, else @noble/hashes'. */
export async function loadKeccak (load: (id: string) => unknown = requireHere): Promise<KeccakImplementation> {
  try {
    const hasher = await (load('hash-wasm') as typeof HashWasm).createKeccak(256)
    const keccak256: Keccak256 = (data) => hasher.init().update(data).digest('binary')
    // one known answer, so a broken build is never used: keccak-256("")
    const empty = Buffer.from(keccak256(new Uint8Array(0))).toString('hex')
    if (empty !== 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470') return javascriptKeccak
    return { name: 'wasm', keccak256 }
  } catch {
    return javascriptKeccak
  }
}

const implementation = await loadKeccak()

/** Which Keccak-256 this process uses. */
export const keccakImplementation = implementation.name

/** Keccak-256 (Ethereum's, not SHA3-256) of `data`. */
export const keccak256: Keccak256 = implementation.keccak256
