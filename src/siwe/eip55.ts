import { keccak256 } from './keccak.js'

const ASCII = new TextEncoder()

/**
 * The EIP-55 spelling of an address given as 40 lower-case hex digits (no `0x`): each letter is
 * upper-cased where the matching nibble of keccak-256(the lower-case hex text) is 8 or more.
 */
export function checksumAddress (lowerHex: string): string {
  const hash = keccak256(ASCII.encode(lowerHex))
  let out = '0x'
  for (let i = 0; i < 40; i++) {
    const nibble = i % 2 === 0 ? hash[i >> 1] >> 4 : hash[i >> 1] & 0x0f
    out += nibble >= 8 ? lowerHex[i].toUpperCase() : lowerHex[i]
  }
  return out
}

/** True when `address` is `0x` and 40 hex digits spelled exactly as EIP-55 requires. */
export function isChecksumAddress (address: string): boolean {
  return /^0x[0-9a-fA-F]{40}$/.test(address) &&
    checksumAddress(address.slice(2).toLowerCase()) === address
}
