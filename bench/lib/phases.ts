import { EndpointRecord, summarize } from './latency.js'
import type { EndpointSummary } from './latency.js'
import { formatSiweMessage } from './siwe-message.js'
import type { VirtualUser } from './virtual-user.js'
import { signPersonalMessage } from './wallet.js'

/**
 * Where a phase stops: at its deadline or when its request budget is spent, whichever is first. A
 * phase measured in slices spends one budget across them (see `Tally.requests`).
 */
export interface PhaseLimits {
  durationMs: number
  maxRequests: number
}

export interface PhaseResult {
  wallMs: number
  /** CPU the driver itself used meanwhile (all its work, signing included). */
  clientCpuMs: number
  endpoints: Record<string, EndpointSummary>
}

export interface SignInResult extends PhaseResult {
  /** Sign-ins whose three requests all answered 200. */
  signIns: number
  /** CPU time the driver spent hashing and signing messages. */
  signingMs: number
}

/** What a phase's slices add up to: each slice adds its requests, latencies and time. */
abstract class Tally {
  wallMs = 0
  clientCpuMs = 0
  /** Requests sent so far, against the phase's `maxRequests`. */
  requests = 0

  protected abstract records (): Record<string, EndpointRecord>

  /** The figures so far, latencies as percentiles over every slice. */
  result (): PhaseResult {
    const endpoints = Object.fromEntries(Object.entries(this.records()).map(([path, record]) => [path, summarize(record)]))
    return { wallMs: this.wallMs, clientCpuMs: this.clientCpuMs, endpoints }
  }
}

export class SignInTally extends Tally {
  readonly nonce = new EndpointRecord()
  readonly verify = new EndpointRecord()
  readonly info = new EndpointRecord()
  signIns = 0
  signingMs = 0

  protected records (): Record<string, EndpointRecord> {
    return { '/nonce': this.nonce, '/verify': this.verify, '/personal_information': this.info }
  }

  result (): SignInResult {
    return { ...super.result(), signIns: this.signIns, signingMs: this.signingMs }
  }
}

/** Authenticated reads of one path. */
export class ReadTally extends Tally {
  readonly record = new EndpointRecord()

  constructor (readonly path: string) {
    super()
  }

  protected records (): Record<string, EndpointRecord> {
    return { [this.path]: this.record }
  }
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
 * Runs `step` in a loop for every user at once, each step costing `cost` requests, within `limits`
 * and what is left of the phase's request budget, and adds the time it took to `tally`.
 */
async function loop (users: VirtualUser[], limits: PhaseLimits, tally: Tally, cost: number, step: (user: VirtualUser) => Promise<void>): Promise<void> {
  const deadline = Date.now() + limits.durationMs
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  await Promise.all(users.map(async (user) => {
    while (Date.now() < deadline && limits.maxRequests - tally.requests >= cost) {
      tally.requests += cost
      await step(user)
    }
  }))
  const cpu = process.cpuUsage(cpuBefore)
  tally.wallMs += performance.now() - started
  tally.clientCpuMs += (cpu.user + cpu.system) / 1000
}

/**
 * Whole sign-ins: GET /nonce, sign the EIP-4361 message, POST /verify, GET /personal_information.
 * Each begins as a new visit, without cookies, as a sign-in does in a browser that is not signed in;
 * the users keep the cookies of their last sign-in for the authenticated reads. Adds to `tally`.
 */
export async function signInPhase (users: VirtualUser[], limits: PhaseLimits, tally = new SignInTally()): Promise<SignInTally> {
  await loop(users, limits, tally, 3, async (user) => {
    user.newVisit()
    const issued = await user.send({ method: 'GET', path: '/nonce' }, tally.nonce)
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
    tally.signingMs += (signing.user + signing.system) / 1000
    const verified = await user.send({ method: 'POST', path: '/verify', headers: json, body: JSON.stringify({ message, signature }) }, tally.verify)
    const answered = await user.send({ method: 'GET', path: '/personal_information' }, tally.info)
    tally.signIns += Number(verified.status === 200 && answered.status === 200)
  })
  return tally
}

/** Authenticated reads of the tally's path with each user's cookies as they are. Adds to `tally`. */
export async function authPhase (users: VirtualUser[], limits: PhaseLimits, tally: ReadTally): Promise<ReadTally> {
  await loop(users, limits, tally, 1, async (user) => {
    await user.send({ method: 'GET', path: tally.path }, tally.record)
  })
  return tally
}
