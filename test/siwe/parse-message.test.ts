import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { InvalidMessage } from '../../src/errors.js'
import { parseSiweMessage } from '../../src/siwe/parse-message.js'
import { ADDRESS, header, messageText } from './message-text.js'

const VECTORS = join(import.meta.dirname, '../../../shared/vectors/eip4361')

const accepts = (text: string): boolean => {
  try {
    parseSiweMessage(text)
    return true
  } catch (err) {
    if (!(err instanceof InvalidMessage)) throw err
    return false
  }
}

// The vectors live beside the project (../shared), not in it: a clone without them skips this.
const skipVectors = existsSync(VECTORS) ? false : 'no EIP-4361 vectors in ../shared/vectors/eip4361'

t.test('the siwe library test vectors', { skip: skipVectors }, async (t) => {
  const positive = JSON.parse(readFileSync(join(VECTORS, 'parsing_positive.json'), 'utf8')) as
    Record<string, { message: string, fields: Record<string, unknown> }>
  const negative = JSON.parse(readFileSync(join(VECTORS, 'parsing_negative.json'), 'utf8')) as Record<string, string>
  t.ok(Object.keys(positive).length >= 19 && Object.keys(negative).length >= 29, 'vectors read')
  for (const [name, { message, fields }] of Object.entries(positive)) {
    // the vectors write an absent scheme as null; our fields leave it out
    const expected = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null))
    t.strictSame(parseSiweMessage(message), expected, `positive: ${name}`)
  }
  for (const [name, message] of Object.entries(negative)) {
    t.throws(() => parseSiweMessage(message), new InvalidMessage(), `negative: ${name}`)
  }
})

t.test('fields of a message with every line', async (t) => {
  const text = messageText({
    header: header('https://user@example.com:8443'),
    tail: [
      'Expiration Time: 2026-11-28T11:00:00Z',
      'Not Before: 2026-11-28T09:59:00+01:00',
      'Request ID: req-1:2@x',
      'Resources:',
      '- ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/',
      '- https://example.com/my-web2-claim.json'
    ]
  })
  t.strictSame(parseSiweMessage(text), {
    scheme: 'https',
    domain: 'user@example.com:8443',
    address: ADDRESS,
    statement: 'I accept the Terms of Service: https://example.com/tos',
    uri: 'https://example.com/login',
    version: '1',
    chainId: 1,
    nonce: 'abcdef1234',
    issuedAt: '2026-11-28T10:00:00.000Z',
    expirationTime: '2026-11-28T11:00:00Z',
    notBefore: '2026-11-28T09:59:00+01:00',
    requestId: 'req-1:2@x',
    resources: [
      'ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/',
      'https://example.com/my-web2-claim.json'
    ]
  })
})

t.test('the statement block', async (t) => {
  t.notOk('statement' in parseSiweMessage(messageText({ statementBlock: ['', ''] })), 'two blank lines: no statement')
  t.equal(parseSiweMessage(messageText({ statementBlock: ['', '', ''] })).statement, '', 'three blank lines: an empty statement')
  t.equal(parseSiweMessage(messageText({ statementBlock: ['', 'URI: x:y', ''] })).statement, 'URI: x:y', 'a statement may look like a field')
  const printable = ' !#$&\'()*+,-./0123456789:;=?@ABCXYZ[]_abcxyz~'
  t.equal(parseSiweMessage(messageText({ statementBlock: ['', printable, ''] })).statement, printable, 'reserved, unreserved and space')
  for (const block of [
    [''], ['', '', '', ''], ['x', ''], ['', 'x'], ['', 'x', 'y', ''], ['', 'x', 'x'],
    ['', 'one\rtwo', ''], ['', 'trailing CR\r', ''], ['', 'café', ''], ['', 'a%b', ''], ['', 'say "hi"', ''],
    ['', 'a\tb', ''], ['', '<b>', ''], ['', 'a|b', ''], ['', 'a{b}', ''], ['', 'a\\b', ''], ['', 'a^b', ''], ['', 'a`b', '']
  ]) {
    t.notOk(accepts(messageText({ statementBlock: block })), `refused: ${JSON.stringify(block)}`)
  }
})

t.test('the header: optional scheme and an RFC 3986 authority', async (t) => {
  const cases: Array<[string, string | undefined, string]> = [
    ['example.com', undefined, 'example.com'],
    ['localhost:3030', undefined, 'localhost:3030'],
    ['https://example.com', 'https', 'example.com'],
    ['h+t-t.p://example.com', 'h+t-t.p', 'example.com'],
    ['[::1]:8080', undefined, '[::1]:8080'],
    ['user:pass@[2001:db8::7]', undefined, 'user:pass@[2001:db8::7]'],
    ['1.2.3.256', undefined, '1.2.3.256'], // not an IPv4 address, but a valid reg-name
    ['ex%41mple.com', undefined, 'ex%41mple.com'],
    ['example.com:', undefined, 'example.com:'], // port = *DIGIT
    ['@', undefined, '@'] // empty userinfo, empty host: an authority, if an odd one (siwe agrees)
  ]
  for (const [prefix, scheme, domain] of cases) {
    const fields = parseSiweMessage(messageText({ header: header(prefix) }))
    t.equal(fields.scheme, scheme, `${prefix}: scheme`)
    t.equal(fields.domain, domain, `${prefix}: domain`)
  }
  for (const prefix of [
    '', 'https://', 'ex ample.com', 'exämple.com', 'éxample.com', 'example.com:80a', '1http://example.com',
    'a@b@c', '[::1', '[1:2:3:4:5:6:7:8:9]', '#example', 'http:example.com', 'example.com/path', ' example.com'
  ]) {
    t.notOk(accepts(messageText({ header: header(prefix) })), `refused domain: ${JSON.stringify(prefix)}`)
  }
  t.notOk(accepts(messageText({ header: 'example.com wants you to sign in with your ethereum account:' })), 'title is case-sensitive')
  t.notOk(accepts(messageText({ header: 'example.com wants you to sign in with your Ethereum account: ' })), 'trailing space')
  t.notOk(accepts(messageText({ header: 'example.com  wants you to sign in with your Ethereum account:' })), 'double space')
})

t.test('the address must be EIP-55', async (t) => {
  for (const address of [
    ADDRESS.toLowerCase(), ADDRESS.toUpperCase().replace('0X', '0x'), ADDRESS.replace('C02', 'c02'),
    '0X' + ADDRESS.slice(2), ADDRESS.slice(0, 41), ADDRESS + 'a', ADDRESS + ' ', 'vitalik.eth', ''
  ]) {
    t.notOk(accepts(messageText({ address })), `refused: ${address}`)
  }
  const digitsOnly = '0x0000000000000000000000000000000000000000'
  t.equal(parseSiweMessage(messageText({ address: digitsOnly })).address, digitsOnly, 'no letters to case')
})

t.test('fixed lines', async (t) => {
  t.equal(parseSiweMessage(messageText({ chainId: '137' })).chainId, 137)
  t.equal(parseSiweMessage(messageText({ chainId: '0' })).chainId, 0, 'the grammar is 1*DIGIT')
  t.equal(parseSiweMessage(messageText({ chainId: '007' })).chainId, 7, 'leading zeros: 1*DIGIT allows them, siwe reads them')
  t.equal(parseSiweMessage(messageText({ chainId: '9007199254740991' })).chainId, Number.MAX_SAFE_INTEGER)
  // siwe reads 9007199254740993 as 9007199254740992: a chain the signer did not name. EIP-4361
  // does not bound chain IDs, but a number that JavaScript cannot hold exactly is refused here.
  t.notOk(accepts(messageText({ chainId: '9007199254740993' })), 'chain ID past 2^53')
  t.equal(parseSiweMessage(messageText({ nonce: 'A'.repeat(1000) })).nonce, 'A'.repeat(1000))
  const bad: Array<[string, Parameters<typeof messageText>[0]]> = [
    ['version 2', { version: '2' }], ['version 1.0', { version: '1.0' }], ['version with space', { version: '1 ' }],
    ['chain ID empty', { chainId: '' }], ['chain ID hex', { chainId: '0x1' }], ['chain ID negative', { chainId: '-1' }],
    ['chain ID 1e3', { chainId: '1e3' }], ['chain ID with space', { chainId: ' 1' }],
    ['nonce of 7', { nonce: 'abcdefg' }], ['nonce with dash', { nonce: 'abcd-efgh' }], ['nonce with space', { nonce: 'abcdefgh ' }],
    ['nonce unicode', { nonce: 'abcdefgé' }],
    ['issued at not RFC 3339', { issuedAt: 'Wed Oct 05 2011 16:48:00 GMT+0200' }], ['issued at Feb 30', { issuedAt: '2021-02-30T00:00:00Z' }],
    ['URI missing scheme', { uri: '//example.com' }], ['URI with space', { uri: 'https://example.com/a b' }], ['URI empty', { uri: '' }]
  ]
  for (const [name, parts] of bad) t.notOk(accepts(messageText(parts)), name)
  t.notOk(accepts(messageText().replace('URI: ', 'URI:')), 'URI title without its space')
  t.notOk(accepts(messageText().replace('Issued At: ', 'Issued at: ')), 'title case')
  t.notOk(accepts(messageText().replace('Nonce: ', 'Nonce:  ')), 'two spaces')
})

t.test('line structure', async (t) => {
  const text = messageText({ tail: ['Expiration Time: 2026-11-28T11:00:00Z'] })
  t.ok(accepts(text))
  t.notOk(accepts(text + '\n'), 'trailing LF (siwe refuses it too)')
  t.notOk(accepts(text + '\n\n'), 'two trailing LFs')
  t.notOk(accepts(text + ' '), 'trailing space')
  t.notOk(accepts(text.replaceAll('\n', '\r\n')), 'CRLF')
  t.notOk(accepts(text.replace('\nVersion', '\r\nVersion')), 'one CRLF')
  t.notOk(accepts(text.replace('\n', '\n\n')), 'an extra blank line after the header')
  t.notOk(accepts('\n' + text), 'a leading LF')
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const without = lines.filter((_, j) => j !== i).join('\n')
    // without the statement (line 3) or the optional Expiration Time (line 10) it is still valid
    t.equal(accepts(without), i === 3 || i === 10, `without line ${i}`)
    // the blank lines around the statement can stand in for each other, so a copy of one is skipped
    if (lines[i] !== '' || i > 4) t.notOk(accepts([...lines.slice(0, i + 1), ...lines.slice(i)].join('\n')), `line ${i} twice`)
  }
  for (let i = 5; i < lines.length - 1; i++) {
    const swapped = [...lines]
    swapped[i] = lines[i + 1]
    swapped[i + 1] = lines[i]
    t.notOk(accepts(swapped.join('\n')), `lines ${i} and ${i + 1} swapped`)
  }
  t.notOk(accepts(''), 'empty text')
  t.notOk(accepts(lines.slice(0, 8).join('\n')), 'eight lines')
  t.notOk(accepts(messageText({ statementBlock: ['', 'x', ''] }).split('\n').slice(0, 9).join('\n')), 'a statement and no Issued At')
})

t.test('optional lines: order, once each, valid values', async (t) => {
  const exp = 'Expiration Time: 2026-11-28T11:00:00Z'
  const nbf = 'Not Before: 2026-11-28T09:00:00Z'
  const rid = 'Request ID: 42'
  t.strictSame(parseSiweMessage(messageText({ tail: [nbf] })).notBefore, '2026-11-28T09:00:00Z')
  t.strictSame(parseSiweMessage(messageText({ tail: [rid] })).requestId, '42')
  t.strictSame(parseSiweMessage(messageText({ tail: ['Request ID: '] })).requestId, '', 'an empty request ID is *pchar')
  t.strictSame(parseSiweMessage(messageText({ tail: ["Request ID: a:b@c!$&'()*+,;=-._~%20"] })).requestId, "a:b@c!$&'()*+,;=-._~%20")
  t.strictSame(parseSiweMessage(messageText({ tail: ['Resources:'] })).resources, [], 'a resources title with no resource')
  for (const tail of [
    [nbf, exp], [rid, exp], [rid, nbf], ['Resources:', rid], [exp, exp], [nbf, nbf], [rid, rid],
    ['Resources:', 'Resources:'], ['Resources:', '- https://a.example', ''], ['Resources:', '-https://a.example'],
    ['Resources:', '- https://a.example - https://b.example'], ['Resources:', '- not a uri'], ['Resources: '],
    ['Expiration Time: 2026-13-01T00:00:00Z'], ['Not Before: tomorrow'], ['Request ID: a b'], ['Request ID: a/b#c'],
    ['Request ID: %zz'], ['Unknown: field'], ['']
  ]) {
    t.notOk(accepts(messageText({ tail })), `refused: ${JSON.stringify(tail)}`)
  }
})

t.test('where this parser is stricter than the siwe library, following EIP-4361 and its RFCs', async (t) => {
  // RFC 3986's dec-octet has no leading zeros and no empty octets; siwe's grammar allows both
  // inside an IPv6 literal ("[::01.2.3.4]", "[::...]"). Outside brackets they are reg-names.
  t.notOk(accepts(messageText({ header: header('[::01.2.3.4]') })), 'leading zero in an embedded IPv4')
  t.notOk(accepts(messageText({ header: header('[::...]') })), 'empty embedded IPv4 octets')
  t.notOk(accepts(messageText({ uri: 'https://[::ffff:1.2.3.04]/' })), 'also in the URI')
  // Second 60 is a leap second in RFC 3339, only at the end of June or December; siwe takes it at
  // any minute and Date.parse gives NaN for it, which would make time checks pass by accident.
  t.notOk(accepts(messageText({ issuedAt: '2026-11-28T10:00:60Z' })), 'second 60')
})
