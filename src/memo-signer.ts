/** The cookie signer contract @fastify/session takes as its `secret` (@fastify/cookie's Signer has it). */
export interface CookieSigner {
  sign: (value: string) => string
  unsign: (signed: string) => { valid: boolean, renew: boolean, value: string | null }
}

/**
 * A signer that remembers its recent answers: a session's cookie is checked (and its ID signed
 * again) on every request, and each is an HMAC with a freshly imported key. Only valid
 * signatures are remembered, so a stream of forged cookies is checked in full each time; at most
 * `maxEntries` of each are kept, the oldest going first.
 */
export function memoSigner (signer: CookieSigner, maxEntries: number): CookieSigner {
  const signed = new Map<string, string>()
  const unsigned = new Map<string, ReturnType<CookieSigner['unsign']>>()
  const remember = <V>(map: Map<string, V>, key: string, value: V): V => {
    if (map.size >= maxEntries) map.delete(map.keys().next().value as string)
    map.set(key, value)
    return value
  }
  return {
    sign: (value) => signed.get(value) ?? remember(signed, value, signer.sign(value)),
    unsign (cookie) {
      const known = unsigned.get(cookie)
      if (known !== undefined) return known
      const result = signer.unsign(cookie)
      return result.valid ? remember(unsigned, cookie, Object.freeze(result)) : result
    }
  }
}
