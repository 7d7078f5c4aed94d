import { ownCopy } from './own-copy.js'

/** A cookie signer as @fastify/cookie's Signer is one. */
export interface CookieSigner {
  sign: (value: string) => string
  unsign: (signed: string) => { valid: boolean, renew: boolean, value: string | null }
}

type Unsigned = ReturnType<CookieSigner['unsign']>

/**
 * A signer that remembers which cookies are valid: a session's cookie is checked on every request,
 * and each check is an HMAC with a freshly imported key. A cookie it signs is known valid from the
 * start; one it is shown is remembered only when valid, so a stream of forged cookies is checked in
 * full each time. At most `maxEntries` are kept (2 when it is less), in two generations of half as
 * many: when the newer is full the older is dropped whole, and a cookie found in the older moves to
 * the newer, so the cookies in use stay. (Deleting a Map's oldest entry one at a time makes V8 step
 * over every entry deleted before it to find the next oldest: up to 25 µs per insertion.)
 */
export function memoSigner (signer: CookieSigner, maxEntries: number): CookieSigner {
  const generationSize = Math.max(1, Math.floor(maxEntries / 2))
  let newer = new Map<string, Unsigned>()
  let older = new Map<string, Unsigned>()
  const remember = (cookie: string, result: Unsigned): Unsigned => {
    if (newer.size >= generationSize) {
      older = newer
      newer = new Map()
    }
    newer.set(cookie, result)
    return result
  }
  return {
    sign (value) {
      const cookie = signer.sign(value)
      remember(cookie, Object.freeze({ valid: true, renew: false, value }))
      return cookie
    },
    unsign (cookie) {
      const known = newer.get(cookie)
      if (known !== undefined) return known
      // The cookie is a slice of the request's Cookie header: remembered as it is, it would keep the
      // whole header alive. Its value is then a slice of the copy.
      const own = ownCopy(cookie)
      const old = older.get(own)
      if (old !== undefined) return remember(own, old)
      const result = signer.unsign(own)
      return result.valid ? remember(own, Object.freeze(result)) : result
    }
  }
}
