import { randomBytes } from 'node:crypto'
import type { ServerSpec } from './child-server.js'
import { flushRedisDb } from './redis-db.js'
import { frontendOrigin } from './virtual-user.js'

export const targetNames = ['service-memory', 'service-redis', 'quickstart', 'floor', 'hello'] as const
export type TargetName = typeof targetNames[number]

export interface Target {
  name: TargetName
  server: ServerSpec
  /** Whether users sign in first; the hello peer has nothing to sign in to. */
  signIn: boolean
  /** The authenticated read: the service's GET /me, the quickstart's only one, hello's JSON. */
  authPath: string
  /** Runs before the server starts and after it has stopped. */
  reset: () => Promise<void>
}

async function nothingToReset (): Promise<void> {}

/** Our service as `npm start` runs it, with rate limits off and request logs quiet. */
function serviceSpec (redisUrl: string | undefined): ServerSpec {
  return {
    entry: 'src/server.ts',
    env: {
      REDIS_URL: redisUrl,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      ALLOWED_ORIGINS: frontendOrigin,
      RATE_LIMIT_MAX: '0',
      LOG_LEVEL: 'warn'
    },
    readyPath: '/healthz'
  }
}

/** A peer: one of bench/peers/, which needs no settings; it answers `authPath` once it is up. */
function peer (name: TargetName, signIn: boolean, authPath: string): Target {
  return { name, server: { entry: `bench/peers/${name}/server.ts`, env: {}, readyPath: authPath }, signIn, authPath, reset: nothingToReset }
}

export function createTarget (name: TargetName, redisUrl: string): Target {
  const targets: Record<TargetName, () => Target> = {
    'service-memory': () => ({ name, server: serviceSpec(undefined), signIn: true, authPath: '/me', reset: nothingToReset }),
    'service-redis': () => ({ name, server: serviceSpec(redisUrl), signIn: true, authPath: '/me', reset: () => flushRedisDb(redisUrl) }),
    // The quickstart's only authenticated read; the floor answers it as the quickstart would.
    quickstart: () => peer(name, true, '/personal_information'),
    floor: () => peer(name, true, '/personal_information'),
    hello: () => peer(name, false, '/me')
  }
  return targets[name]()
}
