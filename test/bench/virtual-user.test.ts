import { createServer } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { EndpointRecord } from '../../bench/lib/latency.js'
import { VirtualUser } from '../../bench/lib/virtual-user.js'
import { createWallet } from '../../bench/lib/wallet.js'

// A user keeps the cookies it is given, as a browser does, until a new visit forgets them: each
// sign-in of the bench begins as one, as in a browser that is not signed in.
t.test('a virtual user keeps its cookies until a new visit', async t => {
  const server = createServer((request, response) => {
    if (request.url === '/set') response.setHeader('set-cookie', 'session=abc; Path=/; HttpOnly')
    response.end(request.headers.cookie ?? 'no Cookie header')
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => server.close())
  const user = new VirtualUser(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, createWallet())
  t.teardown(() => user.close())
  const record = new EndpointRecord()

  t.equal((await user.send({ method: 'GET', path: '/set' }, record)).text, 'no Cookie header', 'none at first')
  t.equal((await user.send({ method: 'GET', path: '/' }, record)).text, 'session=abc', 'the cookie it was given')
  user.newVisit()
  t.equal((await user.send({ method: 'GET', path: '/' }, record)).text, 'no Cookie header', 'none after a new visit')
  t.same(record.statuses, { 200: 3 })
})
