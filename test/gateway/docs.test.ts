import t from 'tap'
import { build, ORIGIN } from '../helper.js'

/** The security headers of a JSON API (src/security-headers.ts). */
const jsonApiHeaders = {
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'strict-transport-security': /max-age=/,
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin'
}

interface Operation {
  summary?: string
  requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>, required: string[] } }> }
  responses: Record<string, { description?: string, content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>
}

// Every endpoint of the contract with the statuses it can answer; asserted on the generated
// document, so a route that changes its schema changes its documentation.
const EXPECTED: Record<string, Record<string, string[]>> = {
  '/nonce': { get: ['200', '429', '503'] },
  '/verify': { post: ['200', '401', '403', '413', '415', '422', '429', '503'] },
  '/me': { get: ['200', '401', '503'] },
  '/personal_information': { get: ['200', '401', '503'] },
  '/logout': { post: ['204', '403', '413', '415', '503'] },
  // Any method a gateway forwards (Envoy asks with the original request's).
  '/auth/check': Object.fromEntries(['get', 'post', 'put', 'patch', 'delete', 'options'].map(method => [method, ['204', '401', '403', '413', '503']])),
  '/healthz': { get: ['200'] },
  '/readyz': { get: ['200', '503'] }
}

t.test('GET /docs/json describes every endpoint with its schemas', async (t) => {
  const app = await build(t)
  const res = await app.inject({ url: '/docs/json' })
  t.equal(res.statusCode, 200)
  const doc = res.json() as { openapi: string, info: { description: string }, paths: Record<string, Record<string, Operation>> }
  t.match(doc.openapi, /^3\./)
  for (const refusal of ['bad_request', 'not_found', 'request_timeout', 'expectation_failed', 'request_header_fields_too_large', 'forbidden_origin', 'internal_error']) {
    t.match(doc.info.description, refusal, `the refusals no operation lists are described: ${refusal}`)
  }
  t.same(Object.keys(doc.paths).sort(), Object.keys(EXPECTED).sort(), 'exactly the contract endpoints, no docs routes')
  for (const [path, methods] of Object.entries(EXPECTED)) {
    for (const [method, statuses] of Object.entries(methods)) {
      const op = doc.paths[path]?.[method] as Operation
      t.ok(op?.summary, `${method} ${path} has a summary`)
      t.same(Object.keys(op.responses).sort(), statuses, `${method} ${path} lists its statuses`)
      for (const status of statuses.filter(s => Number(s) >= 400)) {
        const schema = op.responses[status]?.content?.['application/json']?.schema
        t.same(Object.keys(schema?.properties ?? {}).sort(), ['code', 'error', 'message', 'statusCode'], `${method} ${path} ${status} is an error reply`)
        t.match(op.responses[status]?.description, /`[a-z_]+`/, `${method} ${path} ${status} names its codes`)
      }
    }
  }
  const verify = doc.paths['/verify']?.post as Operation
  t.same(verify.requestBody?.content['application/json']?.schema.required, ['message', 'signature'])
  t.match(verify.responses['401']?.description, /`nonce_mismatch`/)
  t.match(verify.responses['200']?.content?.['application/json']?.schema.properties, { ok: {}, address: {}, chainId: {} })
  t.ok((doc.paths['/nonce']?.get as Operation).responses['200']?.content?.['text/plain'], 'the nonce is text')
  t.match((doc.paths['/readyz']?.get as Operation).responses['503']?.description, /`shutting_down`/)
  t.match((doc.paths['/auth/check']?.get as Operation).responses['204'], {
    headers: { 'x-auth-address': { schema: { type: 'string' } }, 'x-auth-chain-id': { schema: { type: 'string' } } }
  }, 'the gateway headers are documented')
  const setCookie = { headers: { 'set-cookie': { schema: { type: 'string' }, description: /session cookie/ } } }
  t.match((doc.paths['/nonce']?.get as Operation).responses['200'], setCookie, '/nonce documents its cookie')
  t.match(verify.responses['200'], setCookie, '/verify documents its cookie')
  t.match((doc.paths['/logout']?.post as Operation).responses['204'], setCookie, '/logout documents clearing it')
})

t.test('the UI is served with a policy that lets it run; the API keeps its own', async (t) => {
  const app = await build(t)
  const ui = await app.inject({ url: '/docs/' })
  t.equal(ui.statusCode, 200)
  t.match(ui.headers['content-type'], /text\/html/)
  const uiPolicy = String(ui.headers['content-security-policy'])
  t.match(uiPolicy, /script-src 'self'/)
  t.notMatch(uiPolicy, /upgrade-insecure-requests/, 'works on a plain-http port')
  const script = await app.inject({ url: '/docs/static/swagger-initializer.js' })
  t.equal(script.statusCode, 200)

  const api = await app.inject({ url: '/healthz' })
  t.match(api.headers, jsonApiHeaders, 'the security headers a JSON API needs')
  for (const name of ['x-xss-protection', 'x-dns-prefetch-control', 'x-download-options', 'origin-agent-cluster']) {
    t.notOk(name in api.headers, `and none of the HTML-only ones: ${name}`)
  }
})

t.test('every kind of API reply carries the security headers, refusals and preflights included', async (t) => {
  const app = await build(t, { RATE_LIMIT_MAX: '1' })
  const replies: Array<[string, { method?: 'GET' | 'POST' | 'OPTIONS', url: string, headers?: Record<string, string> }, number]> = [
    ['a CSRF refusal', { method: 'POST', url: '/logout', headers: { origin: 'https://evil.example' } }, 403],
    ['a preflight', { method: 'OPTIONS', url: '/verify', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } }, 204],
    ['a URL that does not decode', { url: '/%zz', headers: { origin: ORIGIN } }, 400],
    ['an unknown path', { url: '/nowhere' }, 404],
    ['a signed-out read', { url: '/me' }, 401],
    ['a nonce', { url: '/nonce' }, 200],
    ['a rate-limited nonce', { url: '/nonce' }, 429]
  ]
  for (const [label, request, statusCode] of replies) {
    const res = await app.inject(request)
    t.equal(res.statusCode, statusCode, label)
    t.match(res.headers, jsonApiHeaders, `${label}: the security headers`)
  }
})
