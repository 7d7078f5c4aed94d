import type { IncomingMessage, ServerResponse } from 'node:http'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'

// Security headers for a JSON API: nothing it serves may run script, load anything or be framed.
// The documentation pages (plugins/docs.ts) set their own policy.
const OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] }
  }
}

/**
 * The headers helmet sets for `options`. They depend on nothing in the request, so they are worked
 * out once here; @fastify/helmet builds a new helmet middleware (parsing the policy again) for
 * every request, which measured a tenth of an authenticated request's CPU.
 */
export function helmetHeaders (options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader (name: string, value: string) { headers[name.toLowerCase()] = value },
    removeHeader () {}
  }
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {})
  return headers
}

export default fp(async (fastify) => {
  const headers = helmetHeaders(OPTIONS)
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
  })
}, { name: 'helmet' })
