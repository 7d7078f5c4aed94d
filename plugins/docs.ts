import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'
import { REQUEST_TIMEOUT_MS } from '../src/app.js'

/** Where the OpenAPI description is served: the UI at /docs, the document at /docs/json. */
export const DOCS_PREFIX = '/docs'

// The document is generated from the routes' own schemas (registered after this plugin), so it
// cannot drift from what the routes validate and answer.
export default fp(async (fastify) => {
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sign-In with Ethereum session service',
        // The refusals that no route's schema lists: they come before routing, or from no route.
        description: 'EIP-4361 nonces, verification and server-side sessions. Errors are `{ statusCode, code, error, message }`. ' +
          'Besides the statuses listed with each operation, any request may be refused before it reaches one: ' +
          '`400 bad_request` (a URL that does not decode, no `Host`, not HTTP), `404 not_found`, `417 expectation_failed`, ' +
          `\`408 request_timeout\` (not arrived within ${REQUEST_TIMEOUT_MS / 1000} s), ` +
          '`431 request_header_fields_too_large`, and a preflight from an origin ' +
          'that is not allowed `403 forbidden_origin`. ' +
          '`500 internal_error` is never expected.',
        version: '1'
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: fastify.config.sessionCookieName }
        }
      }
    }
  })
  // The UI's pages load their scripts and styles: @fastify/swagger-ui replaces the API's
  // `default-src 'none'` on its own routes (an onSend hook, after helmet's) with a policy that
  // allows exactly its files. Dropped from it: the upgrade to https, which would break the page
  // on a plain-http port, and the external validator badge.
  await fastify.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(' upgrade-insecure-requests;', '').replace(' validator.swagger.io', ''),
    uiConfig: { validatorUrl: null }
  })
}, { name: 'docs', dependencies: ['helmet'] })
