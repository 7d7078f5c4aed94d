import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { loadConfig, type Config } from './config.js'
import { shutdown } from './shutdown.js'

// The only module that reads the environment: everything else gets the validated Config.
let config: Config
try {
  config = loadConfig(process.env)
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`)
  process.exit(1)
}

const app = await buildApp({ config })
if (config.sessionSecretGenerated) {
  app.log.warn('SESSION_SECRET is not set: using a random secret, so sessions end when this process does')
}

// Exit 0 once closed; whatever still runs after 10 s is cut off with exit 1.
closeWithGrace({ delay: 10_000, logger: app.log }, shutdown(app))

await app.listen({ port: config.port, host: config.host })
