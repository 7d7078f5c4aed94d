import t from 'tap'
import { checkMessage, schemesByDomain, type MessagePolicy } from '../../src/siwe/check-message.js'
import type { SiweFields } from '../../src/siwe/siwe-fields.js'

const policy: MessagePolicy = { domains: schemesByDomain(['localhost:8080'], ['http://localhost:8080']), origins: new Set(['http://localhost:8080']), maxClockSkewMs: 60_000 }
const now = Date.parse('2026-01-01T00:00:00Z')
const fields: SiweFields = {
  domain: 'localhost:8080',
  address: '0x0000000000000000000000000000000000000001',
  uri: 'http://localhost:8080',
  version: '1',
  chainId: 1,
  nonce: 'abcdefgh1234',
  issuedAt: '2026-01-01T00:00:00Z'
}

t.test('checkMessage returns the message\'s times', async t => {
  t.same(checkMessage(fields, policy, now), { issuedAt: now })
  t.same(checkMessage({ ...fields, expirationTime: '2026-01-02T00:00:00+01:00' }, policy, now),
    { issuedAt: now, expirationTime: Date.parse('2026-01-01T23:00:00Z') })
})

// The parser already refuses impossible times (also the 30th of February, which Date.parse rolls
// over into March); checkMessage does not rely on it either, because a time
// read as NaN would pass every comparison and mean "no expiry".
t.test('a time no calendar has is an invalid message, whichever parser let it through', async t => {
  for (const time of ['2026-13-01T00:00:00Z', 'not a time']) {
    t.throws(() => checkMessage({ ...fields, expirationTime: time }, policy, now), { code: 'INVALID_MESSAGE' })
    t.throws(() => checkMessage({ ...fields, issuedAt: time }, policy, now), { code: 'INVALID_MESSAGE' })
    t.throws(() => checkMessage({ ...fields, notBefore: time }, policy, now), { code: 'INVALID_MESSAGE' })
  }
})

t.test('the URI must lie under an allowed origin, however the origin is spelled', async t => {
  for (const uri of ['http://localhost:8080', 'http://localhost:8080/', 'http://localhost:8080/a/b?c#d', 'http://localhost:8080?x', 'http://localhost:8080#x',
    'HTTP://LOCALHOST:8080/login']) {
    t.doesNotThrow(() => checkMessage({ ...fields, uri }, policy, now), uri)
  }
  const standard = { ...policy, origins: new Set(['https://example.com']) }
  t.doesNotThrow(() => checkMessage({ ...fields, uri: 'https://example.com:443/' }, standard, now), 'the default port written out')
  t.doesNotThrow(() => checkMessage({ ...fields, uri: 'https://example.com:/' }, standard, now), 'an empty port')
  const ipv6 = { ...policy, origins: new Set(['http://[::1]']) }
  for (const uri of ['HTTP://[::1]:80/', 'http://[0:0:0:0:0:0:0:1]/', 'http://[::1]:/']) {
    t.doesNotThrow(() => checkMessage({ ...fields, uri }, ipv6, now), `an IP literal spelled ${uri}`)
  }
  // A port with leading zeros is refused for an IP literal as for a host name (below).
  for (const uri of ['http://[::1]@localhost:8080/', 'http://[::2]/', 'http://[::1]:8080/', 'http://[::1/', 'http://[v1.x]/', 'http://[::1]:080/']) {
    t.throws(() => checkMessage({ ...fields, uri }, ipv6, now), { code: 'URI_MISMATCH' }, uri)
  }
  t.throws(() => checkMessage({ ...fields, uri: 'https://example.com:8443:443/' }, standard, now), { code: 'URI_MISMATCH' }, 'a default port after another port')
  for (const uri of ['http://localhost:8081/', 'https://localhost:8080/', 'http://localhost:8080.evil.example/', 'http://localhost:8080@evil.example/',
    'http://evil.example\\@localhost:8080/', 'urn:localhost:8080', 'http://localhost:80800/',
    // Each of these is http://localhost:8080 to a WHATWG URL parser, and none is a URI under it.
    'http:localhost:8080', 'http:/localhost:8080', 'http:///localhost:8080', 'blob:http://localhost:8080/x', 'http://user@localhost:8080/',
    'http://localho%73t:8080/', 'http://localho%C5%BFt:8080/', 'http://localhost:08080/']) {
    t.throws(() => checkMessage({ ...fields, uri }, policy, now), { code: 'URI_MISMATCH' }, uri)
  }
})

t.test('a scheme before the domain must be one of its allowed origins\' schemes', async t => {
  t.doesNotThrow(() => checkMessage({ ...fields, scheme: 'http' }, policy, now))
  t.doesNotThrow(() => checkMessage({ ...fields, scheme: 'HTTP' }, policy, now), 'schemes are case-insensitive')
  for (const scheme of ['https', 'ftp', 'ws']) {
    t.throws(() => checkMessage({ ...fields, scheme }, policy, now), { code: 'DOMAIN_MISMATCH' }, scheme)
  }
  t.same(schemesByDomain(['app.example', 'localhost:8080', 'api.example'], ['https://app.example', 'http://app.example', 'http://localhost:8080', 'https://other.example']),
    new Map([['app.example', new Set(['https', 'http'])], ['localhost:8080', new Set(['http'])], ['api.example', new Set(['https'])]]),
    'each domain gets its origins\' schemes; one no origin is on (SIWE_DOMAINS) gets https')
})
