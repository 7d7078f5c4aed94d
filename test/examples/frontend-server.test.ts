import { createServer } from 'node:net'
import t from 'tap'
import { startFrontendServer } from '../../examples/frontend/server.js'

t.test('serves the page pointed at the API, with a policy that lets it call only the API', async (t) => {
  const page = await startFrontendServer({ apiUrl: 'http://localhost:3000/"<&', port: 0 })
  t.teardown(page.close)
  t.match(page.url, /^http:\/\/localhost:\d+$/)
  const base = page.url.replace('localhost', '127.0.0.1')

  const html = await fetch(`${base}/?x=1`)
  t.equal(html.status, 200)
  t.equal(html.headers.get('content-type'), 'text/html; charset=utf-8')
  t.match(await html.text(), '<meta name="siwe-api" content="http://localhost:3000/&quot;&lt;&amp;">')
  t.match(html.headers.get('content-security-policy'), 'connect-src http://localhost:3000; ')

  t.equal((await fetch(`${base}/index.html`)).status, 200)
  const js = await fetch(`${base}/app.js`)
  t.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8')
  t.ok((await js.text()).length > 1000, 'the bundle')
  const css = await fetch(`${base}/style.css`)
  t.equal(css.headers.get('content-type'), 'text/css; charset=utf-8')
  await css.arrayBuffer()

  const head = await fetch(`${base}/`, { method: 'HEAD' })
  t.equal(head.status, 200)
  t.equal(await head.text(), '')

  const missing = await fetch(`${base}/../../package.json`)
  t.equal(missing.status, 404)
  await missing.arrayBuffer()
  const post = await fetch(`${base}/`, { method: 'POST' })
  t.equal(post.status, 405)
  t.equal(post.headers.get('allow'), 'GET, HEAD')
})

t.test('asks for the API address on every request, and names its own host as told', async (t) => {
  let apiUrl = 'http://localhost:1'
  const page = await startFrontendServer({ apiUrl: () => apiUrl, host: '127.0.0.1', port: 0, publicHost: '127.0.0.1' })
  t.teardown(page.close)
  t.match(page.url, /^http:\/\/127\.0\.0\.1:\d+$/)
  apiUrl = 'http://localhost:2'
  t.match(await (await fetch(page.url)).text(), 'content="http://localhost:2"')
})

t.test('fails to start when the port is taken', async (t) => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => blocker.close(() => resolve())))
  const port = (blocker.address() as { port: number }).port
  await t.rejects(startFrontendServer({ apiUrl: 'http://localhost:3000', port }), { code: 'EADDRINUSE' })
})
