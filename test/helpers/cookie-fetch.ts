// Node's fetch keeps no cookies; this one does, for one host, the way a browser's jar would for
// the tests' purposes: it stores what `Set-Cookie` sets, forgets what it expires, sends the rest.
export function cookieFetch (): typeof fetch {
  const jar = new Map<string, string>()
  return async (input, init = {}) => {
    const headers = new Headers(init.headers)
    if (jar.size > 0) headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '))
    const res = await fetch(input, { ...init, headers })
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map(part => part.trim())
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq)
      const value = pair.slice(eq + 1)
      const expired = value === '' || attributes.some(a =>
        /^max-age=(0|-)/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()))
      if (expired) jar.delete(name)
      else jar.set(name, value)
    }
    return res
  }
}
