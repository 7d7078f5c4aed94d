// A stand-in for the service until its routes land: the contract's browser-facing endpoints,
// in memory, with the same cookie and CORS rules. Replaced by the real app once merged.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { verifyMessage } from 'ethers'
import { SiweMessage } from 'siwe'

interface Session { nonce?: string, account?: { address: string, chainId: number, issuedAt: string } }

export async function startFakeApi (options: { allowedOrigins: string[], chainIds?: number[] }): Promise<{ port: number, close: () => Promise<void> }> {
  const sessions = new Map<string, Session>()
  const server = createServer((req, res) => { handle(req, res).catch(() => send(res, 500, { code: 'internal_error' })) })

  function send (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, body === undefined ? headers : { 'content-type': 'application/json', ...headers })
    res.end(body === undefined ? undefined : JSON.stringify(body))
  }

  async function handle (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin
    if (origin !== undefined && options.allowedOrigins.includes(origin)) {
      res.setHeader('access-control-allow-origin', origin)
      res.setHeader('access-control-allow-credentials', 'true')
      res.setHeader('vary', 'Origin')
    }
    if (req.method === 'OPTIONS') {
      if (res.hasHeader('access-control-allow-origin')) {
        res.setHeader('access-control-allow-methods', 'GET, POST')
        res.setHeader('access-control-allow-headers', 'content-type, accept')
      }
      send(res, 204)
      return
    }
    if (req.method === 'POST' && origin !== undefined && !options.allowedOrigins.includes(origin)) {
      send(res, 403, { statusCode: 403, code: 'forbidden_origin', message: 'Requests from this origin are not allowed' })
      return
    }
    const sid = /siwe-session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    const session = sid === undefined ? undefined : sessions.get(sid)
    const url = req.url ?? '/'
    if (url === '/nonce') {
      const id = session === undefined ? randomBytes(16).toString('hex') : sid as string
      const nonce = randomBytes(12).toString('hex')
      sessions.set(id, { nonce })
      res.setHeader('set-cookie', `siwe-session=${id}; Path=/; HttpOnly; SameSite=Lax`)
      res.writeHead(200, { 'content-type': 'text/plain' }).end(nonce)
      return
    }
    if (url === '/verify') {
      let body = ''
      for await (const chunk of req) body += String(chunk)
      const { message, signature } = JSON.parse(body) as { message: string, signature: string }
      const nonce = session?.nonce
      if (session !== undefined) delete session.nonce
      const parsed = new SiweMessage(message)
      const fail = (code: string): void => send(res, 401, { statusCode: 401, code, message: code })
      if (nonce === undefined || parsed.nonce !== nonce) return fail('nonce_mismatch')
      if (options.chainIds !== undefined && !options.chainIds.includes(parsed.chainId)) return fail('chain_not_allowed')
      if (verifyMessage(message, signature) !== parsed.address) return fail('invalid_signature')
      sessions.delete(sid as string)
      const id = randomBytes(16).toString('hex')
      sessions.set(id, { account: { address: parsed.address, chainId: parsed.chainId, issuedAt: parsed.issuedAt as string } })
      res.setHeader('set-cookie', `siwe-session=${id}; Path=/; HttpOnly; SameSite=Lax`)
      send(res, 200, { ok: true, address: parsed.address, chainId: parsed.chainId })
      return
    }
    if (url === '/me') {
      if (session?.account === undefined) return send(res, 401, { statusCode: 401, code: 'unauthorized', message: 'You have to first sign_in' })
      send(res, 200, { ...session.account, expiresAt: new Date(Date.now() + 86400_000).toISOString() })
      return
    }
    if (url === '/logout') {
      if (sid !== undefined) sessions.delete(sid)
      send(res, 204, undefined, { 'set-cookie': 'siwe-session=; Path=/; HttpOnly; SameSite=Lax; Expires=Thu, 01 Jan 1970 00:00:00 GMT' })
      return
    }
    send(res, 404, { statusCode: 404, code: 'not_found' })
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections() })
  }
}
