import { setImmediate as nextTurn } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import t from 'tap'
import { handleInBatches } from '../src/handle-in-batches.js'

type Done = (err?: Error) => void
const hookOf = (): (done: Done) => void => {
  const hook = handleInBatches()
  return (done) => hook.call({} as FastifyInstance, {} as FastifyRequest, {} as FastifyReply, done)
}

t.test('handled in batches: a turn\'s requests go on together in the check phase, in order, each once', async t => {
  const handled: string[] = []
  const onRequest = hookOf()
  const immediates = t.capture(globalThis, 'setImmediate', globalThis.setImmediate)
  onRequest(() => handled.push('a'))
  onRequest(() => handled.push('b'))
  t.equal(immediates().length, 1, 'one setImmediate for the batch')
  t.same(handled, [], 'not in the turn that read them')
  await nextTurn()
  t.same(handled, ['a', 'b'], 'together, before an immediate scheduled after them')
  onRequest(() => handled.push('c'))
  await nextTurn()
  t.same(handled, ['a', 'b', 'c'], 'a later turn is a batch of its own; no request is handled twice')
})
