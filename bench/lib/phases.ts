import { EndpointRecord, summarize } from './latency.js'
import type { EndpointSummary } from './latency.js'
import { formatSiweMessage } from './siwe-message.js'
import type { VirtualUser } from './virtual-user.js'
import { signPersonalMessage } from './wallet.js'

/** Where a phase stops: at its deadline or when its request budget is spent, whichever is first. */
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

/** Runs `step` in a loop for every user at once, each step costing `cost` requests, within `limits`. */
async function loop (users: VirtualUser[], limits: PhaseLimits, cost: number, step: (user: VirtualUser) => Promise<void>): Promise<{ wallMs: number, clientCpuMs: number }> {
  const deadline = Date.now() + limits.durationMs
  let budget = limits.maxRequests
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  await Promise.all(users.map(async (user) => {
    while (Date.now() < deadline && budget >= cost) {
      budget -= cost
      await step(user)
    }
  }))
  const cpu = process.cpuUsage(cpuBefore)
  return { wallMs: performance.now() - started, clientCpuMs: (cpu.user + cpu.system) / 1000 }
}

/**
 * Whole sign-ins: GET /nonce, sign the EIP-4361 message, POST /verify, GET /personal_information.
 * Each begins as a new visit, without cookies, as a sign-in does in a browser that is not signed in;
 * the users keep the cookies of their last sign-in for the authenticated reads.
 */
export async function signInPhase (users: VirtualUser[], limits: PhaseLimits): Promise<SignInResult> {
  const nonce = new EndpointRecord()
  const verify = new EndpointRecord()
  const info = new EndpointRecord()
  let signIns = 0
  let signingMs = 0
  const timing = await loop(users, limits, 3, async (user) => {
    user.newVisit()
    const issued = await user.send({ method: 'GET', path: '/nonce' }, nonce)
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
    signingMs += (signing.user + signing.system) / 1000
    const verified = await user.send({ method: 'POST', path: '/verify', headers: json, body: JSON.stringify({ message, signature }) }, verify)
    const answered = await user.send({ method: 'GET', path: '/personal_information' }, info)
    signIns += Number(verified.status === 200 && answered.status === 200)
  })
  return {
    ...timing,
    endpoints: { '/nonce': summarize(nonce), '/verify': summarize(verify), '/personal_information': summarize(info) },
    signIns,
    signingMs
  }
}

/** Authenticated reads of `path` with each user's cookies as they are. */
export async function authPhase (users: VirtualUser[], limits: PhaseLimits, path: string): Promise<PhaseResult> {
  const record = new EndpointRecord()
  const timing = await loop(users, limits, 1, async (user) => {
    await user.send({ method: 'GET', path }, record)
  })
  return { ...timing, endpoints: { [path]: summarize(record) } }
}
