import t from 'tap'
import { StoreUnavailable } from '../../src/errors.js'
import { storeCall } from '../../src/stores/store-call.js'

t.test('a command that answers in time gives its answer', async t => {
  t.equal(await storeCall(Promise.resolve('value'), 1000), 'value')
})

t.test('a command that fails is store_unavailable, its error kept as the cause', async t => {
  const cause = new Error('connection refused')
  const err = await storeCall(Promise.reject(cause), 1000).catch((e: unknown) => e)
  t.type(err, StoreUnavailable)
  t.match(err, { code: 'STORE_UNAVAILABLE', statusCode: 503, cause })
})

t.test('a command with no answer is store_unavailable once its deadline, counted from the call, passes', async t => {
  const never = new Promise<string>(() => {})
  const err = await storeCall(never, 20).catch((e: unknown) => e)
  t.type(err, StoreUnavailable)
  t.match(err, { code: 'STORE_UNAVAILABLE', cause: { message: 'no answer within 20 ms' } })
})

t.test('a command that fails after its deadline has passed is no unhandled rejection', async t => {
  let fail: (err: Error) => void = () => {}
  const late = new Promise<string>((_resolve, reject) => { fail = reject })
  const err = await storeCall(late, 10).catch((e: unknown) => e)
  t.type(err, StoreUnavailable)
  fail(new Error('Command timed out'))
  // One turn of the event loop, where an unhandled rejection would be reported and fail the test.
  await new Promise(resolve => setImmediate(resolve))
  t.pass('the late failure went nowhere')
})
