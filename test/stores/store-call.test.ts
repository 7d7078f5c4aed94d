import t from 'tap'
import { StoreUnavailable } from '../../src/errors.js'
import { storeCall } from '../../src/stores/store-call.js'

t.test('a command that answers gives its answer', async t => {
  t.equal(await storeCall(Promise.resolve('value')), 'value')
})

t.test('a command that fails is store_unavailable, the driver\'s message kept as the cause', async t => {
  const driverError = Object.assign(new Error('Command timed out'), { command: { name: 'get', args: ['siwe:session:id'] } })
  const err = await storeCall(Promise.reject(driverError)).catch((e: unknown) => e)
  t.type(err, StoreUnavailable)
  t.match(err, { code: 'STORE_UNAVAILABLE', statusCode: 503, cause: { message: 'Command timed out' } })
  t.not((err as Error).cause, driverError, 'not the driver\'s error, which carries the command\'s arguments')
})

t.test('arguments that Redis quotes in its message are left out of the cause', async t => {
  const reply = new Error("ERR unknown command 'getdel', with args beginning with: 'siwe:nonce:s3ss10n1d' ")
  const err = await storeCall(Promise.reject(reply)).catch((e: unknown) => e)
  t.equal(((err as Error).cause as Error).message, "ERR unknown command 'getdel'")
  // eslint-disable-next-line prefer-promise-reject-errors -- a driver that rejects with something else
  const odd = await storeCall(Promise.reject('not an Error')).catch((e: unknown) => e)
  t.equal(((odd as Error).cause as Error).message, 'the store call failed')
})
