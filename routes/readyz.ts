import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { errorReplies } from '../src/errors.js'

// Readiness for a gateway or orchestrator: take traffic only while the store takes writes and the
// service is not shutting down. (Liveness is /healthz, which never touches the store.)
const readyz: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get('/readyz', {
    schema: {
      summary: 'Readiness: the store takes writes and the service is not shutting down',
      response: {
        200: Type.Object({ status: Type.Literal('ready') }),
        ...errorReplies({ 503: ['store_unavailable', 'shutting_down'] })
      }
    },
    onSend: async (_request, reply) => {
      reply.header('cache-control', 'no-store')
    }
  }, async () => {
    await fastify.checkReadiness()
    return { status: 'ready' as const }
  })
}

export default readyz
