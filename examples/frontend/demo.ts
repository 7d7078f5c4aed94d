// `npm run demo`: the built API on 127.0.0.1:3000 and the sign-in page on http://localhost:8080,
// the quickstart's two origins (same site, so the SameSite=Lax session cookie is sent).
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { startFrontendServer, type FrontendServer } from './server.js'

const apiPort = 3000
const pagePort = 8080
const apiUrl = `http://localhost:${apiPort}`

const api = spawn(process.execPath, ['--enable-source-maps', join(import.meta.dirname, '../../dist/src/server.js')], {
  // The rest of the environment (SESSION_SECRET, SIWE_CHAIN_IDS, RPC_URLS, …) passes through.
  env: { ...process.env, PORT: String(apiPort), HOST: '127.0.0.1' },
  stdio: 'inherit'
})
const apiExited = new Promise<number>((resolve) => {
  api.once('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 0)))
})

let page: FrontendServer | undefined
let stopping = false
async function stop (): Promise<void> {
  if (stopping) return
  stopping = true
  if (api.exitCode === null && api.signalCode === null) api.kill('SIGTERM')
  await page?.close()
  process.exit(await apiExited)
}
process.on('SIGINT', () => { stop().catch(console.error) })
process.on('SIGTERM', () => { stop().catch(console.error) })
// The API stopping on its own (a bad setting, port 3000 taken) ends the demo too.
apiExited.then(() => stop()).catch(console.error)

try {
  page = await startFrontendServer({ apiUrl, port: pagePort })
} catch (err) {
  console.error(`Could not serve the page on port ${pagePort}: ${(err as Error).message}`)
  await stop()
}

// Print the addresses once the API answers, so they are the last thing on the screen; give up
// waiting after 15 s (the API's own log then says why).
for (let i = 0; i < 150; i++) {
  if (stopping) break
  const up = await fetch(`http://127.0.0.1:${apiPort}/healthz`).then(res => res.ok, () => false)
  if (up) break
  await new Promise(resolve => setTimeout(resolve, 100))
}

if (!stopping && page !== undefined) {
  console.log(`\n  Sign-in service  ${apiUrl}   (listening on 127.0.0.1:${apiPort})`)
  console.log(`  Sign-in page     ${page.url}   <- open this in a browser with a wallet`)
  console.log('\n  Ctrl-C stops both.\n')
}
