import { EndpointRecord, summarize } from './latency.js'
import type { EndpointSummary } from './latency.js'
import { formatSiweMessage } from './siwe-message.js'
import type { VirtualUser } from './virtual-user.js'
import { signPersonalMessage } from './wallet.js'

export interface PhaseResult {
  wallMs: number
  /** CPU the driver itself used meanwhile (all its work, signing included). */
  clientCpuMs: number
  /** CPU the server process used meanwhile, from its own counters. */
  serverCpuMs: number
  endpoints: Record<string, EndpointSummary>
}

export interface SignInResult extends PhaseResult {
  /** Sign-ins whose three requests all answered 200. */
  signIns: number
  /** CPU time the driver spent hashing and signing messages. */
  signingMs: number
}

/**
 * The message every virtual user signs, with a fresh nonce. It names an expiration time because the
 * quickstart's backend cannot do without one: it sets its cookie's expiry from it, and with the
 * current express-session an invalid date makes the response fail.
 */
const messageTemplate = {
  domain: 'localhost:8080',
  statement: 'Sign in with Ethereum to the benchmark.',
  uri: 'http://localhost:8080',
  chainId: 1
}

const sessionLifetimeMs = 3_600_000

const json = { 'content-type': 'application/json' }

/**
 * One phase of load on one server, run a slice at a time: each slice adds its requests, latencies
 * and CPU times to the phase's figures, and all of them spend one budget of `maxRequests`.
 */
abstract class Phase {
  #wallMs = 0
  #clientCpuMs = 0
  #serverCpuMs = 0
  #requests = 0
  /** Requests one step sends. */
  protected abstract readonly cost: number

  /** `readServerCpuMs` reads the CPU time the server has used so far, from its own counters. */
  constructor (private readonly maxRequests: number, private readonly readServerCpuMs: () => Promise<number>) {}

  /** Requests sent so far, by all slices. */
  get requests (): number {
    return this.#requests
  }

  protected abstract step (user: VirtualUser): Promise<void>
  protected abstract records (): Record<string, EndpointRecord>

  /** Runs a slice: every user steps in a loop until `durationMs` has passed or the budget is spent. */
  async run (users: VirtualUser[], durationMs: number): Promise<void> {
    const serverBefore = await this.readServerCpuMs()
    const deadline = Date.now() + durationMs
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    await Promise.all(users.map(async (user) => {
      while (Date.now() < deadline && this.maxRequests - this.#requests >= this.cost) {
        this.#requests += this.cost
        await this.step(user)
      }
    }))
    const cpu = process.cpuUsage(cpuBefore)
    this.#wallMs += performance.now() - started
    this.#clientCpuMs += (cpu.user + cpu.system) / 1000
    this.#serverCpuMs += await this.readServerCpuMs() - serverBefore
  }

  /** The figures of every slice so far, latencies as percentiles over all of them. */
  result (): PhaseResult {
    const endpoints = Object.fromEntries(Object.entries(this.records()).map(([path, record]) => [path, summarize(record)]))
    return { wallMs: this.#wallMs, clientCpuMs: this.#clientCpuMs, serverCpuMs: this.#serverCpuMs, endpoints }
  }
}

/**
 * Whole sign-ins: GET /nonce, sign the EIP-4361 message, POST /verify, GET /personal_information.
 * Each begins as a new visit, without cookies, as a sign-in does in a browser that is not signed in;
 * the users keep the cookies of their last sign-in for the authenticated reads.
 */
export class SignInPhase extends Phase {
  protected readonly cost = 3
  readonly #nonce = new EndpointRecord()
  readonly #verify = new EndpointRecord()
  readonly #info = new EndpointRecord()
  #signIns = 0
  #signingMs = 0

  protected async step (user: VirtualUser): Promise<void> {
    user.newVisit()
    const issued = await user.send({ method: 'GET', path: '/nonce' }, this.#nonce)
    const now = Date.now()
    const message = formatSiweMessage({
      ...messageTemplate,
      address: user.wallet.address,
      nonce: issued.text,
      issuedAt: new Date(now).toISOString(),
      expirationTime: new Date(now + sessionLifetimeMs).toISOString()
    })
    // CPU time rather than wall time: on a busy machine the driver may be descheduled mid-signature.
    const signingStarted = process.cpuUsage()
    const signature = signPersonalMessage(user.wallet, message)
    const signing = process.cpuUsage(signingStarted)
    this.#signingMs += (signing.user + signing.system) / 1000
    const verified = await user.send({ method: 'POST', path: '/verify', headers: json, body: JSON.stringify({ message, signature }) }, this.#verify)
    const answered = await user.send({ method: 'GET', path: '/personal_information' }, this.#info)
    this.#signIns += Number(verified.status === 200 && answered.status === 200)
  }

  protected records (): Record<string, EndpointRecord> {
    return { '/nonce': this.#nonce, '/verify': this.#verify, '/personal_information': this.#info }
  }

  override result (): SignInResult {
    return { ...super.result(), signIns: this.#signIns, signingMs: this.#signingMs }
  }
}

/** Authenticated reads of `path` with each user's cookies as they are. */
export class ReadPhase extends Phase {
  protected readonly cost = 1
  readonly #record = new EndpointRecord()

  constructor (readonly path: string, maxRequests: number, readServerCpuMs: () => Promise<number>) {
    super(maxRequests, readServerCpuMs)
  }

  protected async step (user: VirtualUser): Promise<void> {
    await user.send({ method: 'GET', path: this.path }, this.#record)
  }

  protected records (): Record<string, EndpointRecord> {
    return { [this.path]: this.#record }
  }
}
