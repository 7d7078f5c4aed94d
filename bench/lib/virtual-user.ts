import { HttpConnection } from './http-connection.js'
import type { EndpointRecord } from './latency.js'
import type { Wallet } from './wallet.js'

/** The origin of the quickstart's frontend, which every request comes from, as a browser's would. */
export const frontendOrigin = 'http://localhost:8080'

export interface Call {
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
}

export interface Answer {
  status: number
  text: string
}

/** One simulated browser: a wallet, a cookie jar and a connection of its own. */
export class VirtualUser {
  readonly #connection: HttpConnection
  readonly #cookies = new Map<string, string>()
  readonly wallet: Wallet

  constructor (origin: string, wallet: Wallet) {
    this.#connection = new HttpConnection(origin)
    this.wallet = wallet
  }

  /** Closes the user's connection. */
  close (): void {
    this.#connection.close()
  }

  /** Forgets the user's cookies, as a browser that has not been here before. */
  newVisit (): void {
    this.#cookies.clear()
  }

  /** Sends `call` with the user's cookies, keeps the cookies it sets, records latency and status. */
  async send (call: Call, record: EndpointRecord): Promise<Answer> {
    const headers: Record<string, string> = { origin: frontendOrigin, ...call.headers }
    // A browser sends no Cookie header when it has no cookie for the site.
    if (this.#cookies.size > 0) headers.cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    const started = performance.now()
    const reply = await this.#connection.request(call.method, call.path, headers, call.body)
    record.add(performance.now() - started, reply.status)
    for (const line of reply.setCookies) {
      const pair = line.split(';', 1)[0] as string
      const eq = pair.indexOf('=')
      this.#cookies.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
    return { status: reply.status, text: reply.text }
  }
}
