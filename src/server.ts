import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'

// The only module that reads the environment: everything else gets the validated Config.
let config
try {
  config = loadConfig(process.env)
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  process.stderr.write(`${err.message}\n`)
  process.exit(1)
}

const app = await buildApp({ config })
if (config.sessionSecretGenerated) {
  app.log.warn('SESSION_SECRET is not set: using a random secret, so sessions end when this process does')
}

// SIGTERM/SIGINT: stop accepting, finish the requests in flight, close the store, exit 0;
// whatever is still running after 10 s is cut off with exit 1.
closeWithGrace({ delay: 10_000, logger: app.log }, async ({ err }) => {
  if (err !== undefined) app.log.error({ err }, 'shutting down after an error')
  await app.close()
})

await app.listen({ port: config.port, host: config.host })
