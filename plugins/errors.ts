import type { FastifyError } from 'fastify'
import fp from 'fastify-plugin'
import { errorReply } from '../src/error-reply.js'
import { ForbiddenOrigin, NotFound } from '../src/errors.js'

export default fp(async (fastify) => {
  fastify.setErrorHandler((err: FastifyError, request, reply) => {
    const body = errorReply(err)
    if (body.statusCode === 503) {
      // Redis or an RPC is away, or the service is closing: expected while it lasts (a lost Redis
      // connection is also logged once, by plugins/redis.ts). Each request gets one line with its
      // reason (`Command timed out` for a Redis that hangs), not an error with two stacks.
      const cause = err.cause instanceof Error ? err.cause.message : undefined
      request.log.warn({ code: body.code, cause }, 'request failed: unavailable')
    } else if (body.statusCode >= 500) {
      request.log.error({ err, code: body.code }, 'request failed')
    } else {
      request.log.info({ code: body.code }, 'request refused')
    }
    return reply.code(body.statusCode).send(body)
  })

  fastify.setNotFoundHandler(async (request) => {
    // @fastify/cors hands a preflight from an origin it does not allow (plugins/cors.ts) to this
    // handler: its origin, not its path, is why it gets no grant.
    if (request.method === 'OPTIONS' && request.headers.origin !== undefined) throw new ForbiddenOrigin()
    throw new NotFound(`${request.method} ${request.url.split('?', 1)[0]}`)
  })
}, { name: 'errors' })
