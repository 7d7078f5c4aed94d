import t from 'tap'
import { StoreUnavailable } from '../../src/errors.js'
import { storeCall } from '../../src/stores/store-call.js'

t.test('a command that answers gives its answer', async t => {
  t.equal(await storeCall(Promise.resolve('value')), 'value')
})

t.test('a command that fails is store_unavailable, its error kept as the cause', async t => {
  const cause = new Error('Command timed out')
  const err = await storeCall(Promise.reject(cause)).catch((e: unknown) => e)
  t.type(err, StoreUnavailable)
  t.match(err, { code: 'STORE_UNAVAILABLE', statusCode: 503, cause })
})
