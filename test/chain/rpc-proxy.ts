import { once } from 'node:events'
import { createServer, type IncomingMessage } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Test } from 'tap'

/** An HTTP JSON-RPC relay on 127.0.0.1 that counts requests, delays them, or holds them unanswered. */
export interface RpcProxy {
  url: string
  /** JSON-RPC calls relayed or held so far (a batch counts each call). */
  calls: number
  /** When true, requests are accepted and never answered (an endpoint that hangs). */
  hang: boolean
  /** Each request waits this long before it is relayed (a slow endpoint). */
  delayMs: number
}

async function readBody (req: IncomingMessage): Promise<string> {
  let body = ''
  for await (const chunk of req) body += String(chunk)
  return body
}

export async function startRpcProxy (t: Test, target: string): Promise<RpcProxy> {
  const proxy: RpcProxy = { url: '', calls: 0, hang: false, delayMs: 0 }
  const server = createServer((req, res) => {
    readBody(req).then(async (body) => {
      const parsed = JSON.parse(body) as unknown
      proxy.calls += Array.isArray(parsed) ? parsed.length : 1
      if (proxy.hang) return
      await sleep(proxy.delayMs)
      const answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text())
    }).catch(() => res.writeHead(502).end())
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  proxy.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  t.teardown(async () => {
    server.closeAllConnections()
    server.close()
    await once(server, 'close')
  })
  return proxy
}
