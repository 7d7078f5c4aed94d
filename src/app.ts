import { join } from 'node:path'
import autoload from '@fastify/autoload'
import type { Server } from 'node:http'
import Fastify, { type FastifyHttpOptions, type FastifyInstance, type FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from './config.js'
import { answerClientError } from './client-error.js'
import { errorReply } from './error-reply.js'
import { requestIdGenerator } from './request-id.js'
import { SECURITY_HEADERS } from './security-headers.js'

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

/**
 * TRUST_PROXY for Fastify. A hop count `n` is given as proxy-addr's trust function (the `n` addresses
 * nearest the service are proxies), because Fastify 5.12 takes a number to mean "trust nothing": it
 * cannot tell a gateway from a client that connects directly. Neither can this; the README says so.
 */
function trustProxyOption (value: Config['trustProxy']): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof value !== 'number') return value ?? false
  return (_address, hop) => hop < value
}

/** Builds a complete app from a validated configuration; nothing is shared between two apps. */
export async function buildApp (opts: AppOptions, server: FastifyHttpOptions<Server> = {}): Promise<FastifyInstance> {
  const { config } = opts
  const allowedOrigins = new Set(config.allowedOrigins)
  const fastify = Fastify({
    logger: {
      level: config.logLevel,
      // Default serializers log no headers; these paths stay redacted should that ever change.
      // A Redis error carries the command it failed with: a connection's AUTH (or HELLO) has the password.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', 'err.command.args']
    },
    bodyLimit: BODY_LIMIT,
    requestIdHeader: false,
    genReqId: requestIdGenerator(config.trustProxy !== undefined && config.trustProxy !== false),
    // While closing, requests on connections that are still open (keep-alive, pipelined) are
    // answered as usual with `Connection: close`, rather than with Fastify's bare 503 that has no
    // error code: /readyz answers `503 shutting_down` itself (plugins/readiness.ts).
    return503OnClosing: false,
    // Trust the gateway's forwarded headers only when told to.
    trustProxy: trustProxyOption(config.trustProxy),
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
    // A request without Host is refused by plugins/http-refusals.ts, with the contract's body.
    http: { requireHostHeader: false },
    ajv: {
      // `{ "message": 42 }` is an invalid request, not the text "42"; extra fields are refused, not dropped.
      customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false }
    },
    ...server
  })
  await fastify.register(appPlugin, opts)
  return fastify
}
