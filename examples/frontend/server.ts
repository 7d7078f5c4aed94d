import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { build } from 'esbuild'

const here = import.meta.dirname

export interface FrontendServerOptions {
  /**
   * The API's base URL as the page calls it, e.g. `http://localhost:3000`. A function when the
   * API's port is known only after this server listens (the API's allowed origin needs ours).
   */
  apiUrl: string | (() => string)
  /** Listen address; default `127.0.0.1`. */
  host?: string
  /** `8080` for the quickstart frontend's origin; `0` for any free port. */
  port: number
  /** The host name people (and browsers) use for the page; default `localhost`. */
  publicHost?: string
}

export interface FrontendServer {
  /** The page's origin, e.g. `http://localhost:8080`. */
  url: string
  close: () => Promise<void>
}

let bundled: Promise<string> | undefined

/** Bundles the page's TypeScript (and `siwe`, `ethers`) into one browser script, once per process. */
export function bundleFrontend (): Promise<string> {
  bundled ??= build({
    entryPoints: [join(here, 'src/main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent'
  }).then(result => result.outputFiles[0]!.text)
  return bundled
}

/** Serves the sign-in page: its HTML (pointed at the API), stylesheet and script bundle. */
export async function startFrontendServer (options: FrontendServerOptions): Promise<FrontendServer> {
  const apiUrl = typeof options.apiUrl === 'string' ? () => options.apiUrl as string : options.apiUrl
  const [html, css, js] = await Promise.all([
    readFile(join(here, 'index.html'), 'utf8'),
    readFile(join(here, 'style.css'), 'utf8'),
    bundleFrontend()
  ])

  const server = createServer((req, res) => {
    // `url` is always set on requests a server receives; only client responses lack it.
    const path = new URL(req.url as string, 'http://page').pathname
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end()
      return
    }
    const api = apiUrl()
    let type: string
    let body: string
    if (path === '/' || path === '/index.html') {
      type = 'text/html; charset=utf-8'
      body = html.replace('content="http://localhost:3000"', `content="${escapeAttribute(api)}"`)
    } else if (path === '/app.js') {
      type = 'text/javascript; charset=utf-8'
      body = js
    } else if (path === '/style.css') {
      type = 'text/css; charset=utf-8'
      body = css
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found')
      return
    }
    res.writeHead(200, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // The page may talk to its API and nothing else; wallet icons arrive as data: URIs (EIP-6963),
      // ENS avatars as https: URLs.
      'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src ${new URL(api).origin}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  })

  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${options.publicHost ?? 'localhost'}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }
}

function escapeAttribute (value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')
}
