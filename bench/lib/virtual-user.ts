import type { Pool } from 'undici'
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

/** One simulated browser: a wallet and a cookie jar, sending over a pool shared by all users. */
export class VirtualUser {
  readonly #pool: Pool
  readonly #cookies = new Map<string, string>()
  readonly wallet: Wallet

  constructor (pool: Pool, wallet: Wallet) {
    this.#pool = pool
    this.wallet = wallet
  }

  /** Forgets the user's cookies, as a browser that has not been here before. */
  newVisit (): void {
    this.#cookies.clear()
  }

  /** Sends `call` with the user's cookies, keeps the cookies it sets, records latency and status. */
  async send (call: Call, record: EndpointRecord): Promise<Answer> {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    const started = performance.now()
    const response = await this.#pool.request({
      method: call.method,
      path: call.path,
      headers: { origin: frontendOrigin, cookie, ...call.headers },
      body: call.body
    })
    const text = await response.body.text()
    record.add(performance.now() - started, response.statusCode)
    for (const line of [response.headers['set-cookie'] ?? []].flat()) {
      const pair = line.split(';', 1)[0] as string
      const eq = pair.indexOf('=')
      this.#cookies.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
    return { status: response.statusCode, text }
  }
}
