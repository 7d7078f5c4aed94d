import type { IncomingMessage } from 'node:http'
import fp from 'fastify-plugin'
import { ExpectationFailed, MissingHost } from '../src/errors.js'

// Two requests that Node's HTTP server refuses itself, with an empty body and no headers: an
// HTTP/1.1 request without Host (RFC 9112, 3.2), and an Expect other than 100-continue (RFC 9110,
// 10.1.1). They are refused here instead, as hooks, so that they get the contract's error body,
// the security headers and the CORS grant like every other refusal. src/app.ts turns Node's Host
// check off for this.
export default fp(async (fastify) => {
  const unmetExpectations = new WeakSet<IncomingMessage>()
  fastify.server.on('checkExpectation', (req: IncomingMessage, res) => {
    unmetExpectations.add(req)
    fastify.server.emit('request', req, res)
  })
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1') {
      // And the connection ends after the answer, as Node's own refusal ends it.
      reply.header('connection', 'close')
      return done(new MissingHost())
    }
    done(unmetExpectations.has(request.raw) ? new ExpectationFailed(String(request.headers.expect)) : undefined)
  })
}, { name: 'http-refusals', dependencies: ['helmet', 'cors'] })
