/** A cookie signer as @fastify/cookie's Signer is one. */
export interface CookieSigner {
  sign: (value: string) => string
  unsign: (signed: string) => { valid: boolean, renew: boolean, value: string | null }
}

/**
 * A signer that remembers which cookies are valid: a session's cookie is checked on every request,
 * and each check is an HMAC with a freshly imported key. A cookie it signs is known valid from the
 * start; one it is shown is remembered only when valid, so a stream of forged cookies is checked in
 * full each time. At most `maxEntries` are kept, the oldest going first.
 */
export function memoSigner (signer: CookieSigner, maxEntries: number): CookieSigner {
  const valid = new Map<string, ReturnType<CookieSigner['unsign']>>()
  const remember = (cookie: string, result: ReturnType<CookieSigner['unsign']>): typeof result => {
    if (valid.size >= maxEntries) valid.delete(valid.keys().next().value as string)
    valid.set(cookie, Object.freeze(result))
    return result
  }
  return {
    sign (value) {
      const cookie = signer.sign(value)
      remember(cookie, { valid: true, renew: false, value })
      return cookie
    },
    unsign (cookie) {
      const known = valid.get(cookie)
      if (known !== undefined) return known
      const result = signer.unsign(cookie)
      return result.valid ? remember(cookie, result) : result
    }
  }
}
