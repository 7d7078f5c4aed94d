const PROTOCOLS = new Set(['http:', 'https:', 'ws:', 'wss:'])

function malformed (why: string): Error {
  return new Error(`RPC_URLS must be comma-separated chainId=url pairs (http, https, ws or wss URLs): ${why}`)
}

/**
 * Parses `RPC_URLS` (`1=https://…,8453=wss://…`) into one JSON-RPC URL per chain ID.
 * Throws an Error naming `RPC_URLS` on an empty entry, a chain ID that is not a positive
 * integer, a URL of another protocol, or a chain named twice.
 */
export function parseRpcUrls (value: string): Map<number, string> {
  const urls = new Map<number, string>()
  if (value.trim() === '') return urls
  const entries = value.split(',')
  for (const [index, entry] of entries.entries()) {
    const eq = entry.indexOf('=')
    const id = entry.slice(0, eq).trim()
    const url = entry.slice(eq + 1).trim()
    // A URL's credentials or API key are secrets: error messages name only the entry's place or its
    // chain, never its text (without a chain ID, that may be the URL itself).
    if (eq < 0 || !/^[1-9][0-9]{0,15}$/.test(id) || !Number.isSafeInteger(Number(id))) {
      throw malformed(`entry ${index + 1} of ${entries.length} does not start with a chain ID (a positive integer) and "="`)
    }
    if (!URL.canParse(url) || !PROTOCOLS.has(new URL(url).protocol)) {
      throw malformed(`the URL of chain ${id} is not an http(s) or ws(s) URL`)
    }
    const chainId = Number(id)
    if (urls.has(chainId)) throw malformed(`chain ${chainId} is named twice`)
    urls.set(chainId, url)
  }
  return urls
}
