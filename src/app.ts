import { join } from 'node:path'
import autoload from '@fastify/autoload'
import type { Server } from 'node:http'
import Fastify, { type FastifyHttpOptions, type FastifyInstance, type FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from './config.js'
import { answerClientError } from './client-error.js'
import { errorReply } from './error-reply.js'
import { handleInBatches } from './handle-in-batches.js'
import { requestIdGenerator } from './request-id.js'
import { SECURITY_HEADERS } from './security-headers.js'
import { proxyTrust } from './trust-proxy.js'

export interface AppOptions {
  config: Config
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The validated configuration the app was built from. */
    config: Config
  }
}

/** Bodies are small JSON documents; anything past 16 KiB is refused with 413 (contract, property 6). */
export const BODY_LIMIT = 16 * 1024

/**
 * How long a request may take to arrive, headers and body, before it is answered `408` and its
 * connection closed. Fastify turns Node's limit (300 s) off; without one, a client that sends a byte
 * now and then holds a connection for as long as it likes. Node checks every 30 s, so a request is
 * cut 10 to 40 s after it began; a connection that sends nothing at all is cut the same way.
 */
export const REQUEST_TIMEOUT_MS = 10_000

async function app (fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  fastify.decorate('config', opts.config)
  // The API reads JSON only: any other body is a 415 rather than a string for the schemas to refuse.
  fastify.removeContentTypeParser('text/plain')
  // App-wide plugins (cookie parsing, CORS, errors, stores); the session plugins are registered
  // only around the routes that use a session, so /healthz never touches the store.
  await fastify.register(autoload, { dir: join(import.meta.dirname, '../plugins') })
  await fastify.register(autoload, {
    dir: join(import.meta.dirname, '../routes'),
    dirNameRoutePrefix: false,
    autoHooks: true,
    cascadeHooks: true
  })
}

export const appPlugin = fp(app, { name: 'app', fastify: '5.x' })

/** Builds a complete app from a validated configuration; nothing is shared between two apps. */
export async function buildApp (opts: AppOptions, server: FastifyHttpOptions<Server> = {}): Promise<FastifyInstance> {
  const { config } = opts
  const allowedOrigins = new Set(config.allowedOrigins)
  const requestTimeout = server.requestTimeout ?? REQUEST_TIMEOUT_MS
  const trust = proxyTrust(config.trustProxy)
  const fastify = Fastify({
    logger: {
      level: config.logLevel,
      // Default serializers log no headers; these paths stay redacted should that ever change.
      // A Redis error carries the command it failed with: a connection's AUTH (or HELLO) has the password.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'err.command.args']
    },
    bodyLimit: BODY_LIMIT,
    requestTimeout,
    // `{"__proto__": …}` is valid JSON, and JSON.parse makes the key an own property without touching
    // any prototype. The body schemas refuse properties they do not name, so such a body is a 422 like
    // any other extra property, not a 415 that says it is no JSON. (No route merges a body anywhere.)
    onProtoPoisoning: 'ignore',
    onConstructorPoisoning: 'ignore',
    requestIdHeader: false,
    genReqId: requestIdGenerator(trust),
    // While closing, requests on connections that are still open (keep-alive, pipelined) are
    // answered as usual with `Connection: close`, rather than with Fastify's bare 503 that has no
    // error code: /readyz answers `503 shutting_down` itself (plugins/readiness.ts).
    return503OnClosing: false,
    // Trust the gateway's forwarded headers only when told to.
    trustProxy: trust ?? false,
    // Errors Fastify answers before routing (a URL that does not decode) get the contract's body too,
    // the security headers and the CORS grant that plugins/ would have given, as no hook runs for them.
    frameworkErrors: (err, request, reply: FastifyReply) => {
      const body = errorReply(err)
      reply.headers(SECURITY_HEADERS)
      const { origin } = request.headers
      if (origin !== undefined && allowedOrigins.has(origin)) {
        reply.headers({ 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' })
      }
      return reply.code(body.statusCode).send(body)
    },
    // Requests Node's parser refuses (headers over its limit, a malformed request line) never
    // reach Fastify: they get the contract's body as well, without CORS (their headers are unread).
    clientErrorHandler: answerClientError,
    ajv: {
      // `{ "message": 42 }` is an invalid request, not the text "42"; extra fields are refused, not dropped.
      customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false }
    },
    ...server,
    // A request without Host is refused by plugins/http-refusals.ts, with the contract's body.
    // Node cuts a request whose headers have arrived only when the headers' own limit (60 s by
    // default) is no longer than the request's: Fastify sets the request's after Node has set that.
    // (A request limit of 0, none, leaves the headers' at Node's.)
    http: { requireHostHeader: false, ...(requestTimeout > 0 ? { headersTimeout: Math.min(requestTimeout, 60_000) } : {}), ...server.http }
  })
  // Before every plugin's hooks, so that the poll phase only reads (src/handle-in-batches.ts).
  fastify.addHook('onRequest', handleInBatches())
  await fastify.register(appPlugin, opts)
  return fastify
}
