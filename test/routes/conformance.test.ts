import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { build, getNonce, ORIGIN } from '../helper.js'

// The siwe library's EIP-4361 parsing vectors, read where they are kept beside the project.
const VECTORS = join(import.meta.dirname, '../../../shared/vectors/eip4361')

if (!existsSync(VECTORS)) {
  t.plan(0, `the EIP-4361 vectors are not at ${VECTORS}`)
} else {
  const read = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(VECTORS, name), 'utf8'))

  t.test('every negative parsing vector is 422 invalid_message at /verify', async t => {
    const app = await build(t)
    const vectors = read('parsing_negative.json') as Record<string, string>
    t.ok(Object.keys(vectors).length > 20)
    for (const [name, message] of Object.entries(vectors)) {
      const { cookies } = await getNonce(app)
      const res = await app.inject({ method: 'POST', url: '/verify', headers: { origin: ORIGIN }, cookies, payload: { message, signature: `0x${'00'.repeat(65)}` } })
      t.match(res.json(), { statusCode: 422, code: 'invalid_message' }, name)
    }
  })

  t.test('every positive parsing vector parses (and then fails on its nonce, domain or signature, never its grammar)', async t => {
    const app = await build(t)
    const vectors = read('parsing_positive.json') as Record<string, { message: string }>
    t.ok(Object.keys(vectors).length > 5)
    for (const [name, { message }] of Object.entries(vectors)) {
      const { cookies } = await getNonce(app)
      const res = await app.inject({ method: 'POST', url: '/verify', headers: { origin: ORIGIN }, cookies, payload: { message, signature: `0x${'00'.repeat(65)}` } })
      t.equal(res.statusCode, 401, name)
      t.not(res.json().code, 'invalid_message', name)
    }
  })
}
