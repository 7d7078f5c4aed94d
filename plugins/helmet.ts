import helmet from '@fastify/helmet'
import fp from 'fastify-plugin'

// Security headers for a JSON API: nothing it serves may run script, load anything or be framed.
// The documentation pages (plugins/docs.ts) set their own policy.
export default fp(async (fastify) => {
  await fastify.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] }
    }
  })
}, { name: 'helmet' })
