import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { loadConfig, type Config } from './config.js'
import { GRACE_MS, shutdown } from './shutdown.js'
import { keccakImplementation } from './siwe/keccak.js'
import { signerBackend } from './siwe/recover-signer.js'

// The only module that reads the environment: everything else gets the validated Config.
let config: Config
try {
  config = loadConfig(process.env)
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`)
  process.exit(1)
}

// A signal while the app is built (start-up waits up to 2 s for Redis) is held until the shutdown
// below listens for it, then raised again: it too ends in a clean exit 0 rather than Node's 143.
let heldSignal: NodeJS.Signals | undefined
const hold = (signal: NodeJS.Signals): void => { heldSignal ??= signal }
process.on('SIGTERM', hold).on('SIGINT', hold)
const app = await buildApp({ config })
// Which secp256k1 and keccak builds loaded: a pure-JavaScript fallback costs ~30x per sign-in.
app.log.info({ signer: signerBackend, keccak: keccakImplementation }, 'signature recovery backends')
if (config.sessionSecretGenerated) {
  app.log.warn('SESSION_SECRET is not set: using a random secret, so sessions end when this process does')
}

// Exit 0 once closed (src/shutdown.ts); whatever still runs after GRACE_MS is cut off with exit 1.
closeWithGrace({ delay: GRACE_MS, logger: app.log }, shutdown(app))
// Removed only now, so that a signal always finds a listener: with none, Node would lose one it had
// already caught, or let the default end the process.
process.off('SIGTERM', hold).off('SIGINT', hold)

if (heldSignal !== undefined) {
  process.kill(process.pid, heldSignal)
} else {
  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (err) {
    // An address that is not this machine's, or a port in use: a start-up error naming the variables.
    process.stderr.write(`Cannot listen on HOST=${config.host} PORT=${config.port}: ${(err as Error).message}\n`)
    process.exit(1)
  }
}
