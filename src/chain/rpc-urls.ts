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
  for (const entry of value.split(',')) {
    const eq = entry.indexOf('=')
    const id = entry.slice(0, eq).trim()
    const url = entry.slice(eq + 1).trim()
    if (eq < 0 || !/^[1-9][0-9]{0,15}$/.test(id) || !Number.isSafeInteger(Number(id))) {
      throw malformed(`"${entry.trim()}" does not start with a chain ID and "="`)
    }
    // A URL's credentials or API key are secrets: error messages name only the chain.
    if (!URL.canParse(url) || !PROTOCOLS.has(new URL(url).protocol)) {
      throw malformed(`the URL of chain ${id} is not an http(s) or ws(s) URL`)
    }
    const chainId = Number(id)
    if (urls.has(chainId)) throw malformed(`chain ${chainId} is named twice`)
    urls.set(chainId, url)
  }
  return urls
}
