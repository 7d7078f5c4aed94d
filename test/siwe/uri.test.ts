import t from 'tap'
import { isAuthority, isPchars, isUri } from '../../src/siwe/uri.js'

t.test('URIs (RFC 3986 URI: scheme, hier-part, query, fragment)', async (t) => {
  for (const uri of [
    'https://example.com', 'https://example.com/', 'https://example.com/login?next=/me&x=1#top',
    'http://localhost:3000', 'https://user:pw@example.com:8443/a/b', 'https://[::1]:8080/p?q#f',
    'https://[2001:db8::1]', 'https://[v7.fe80::1+en0]', 'https://1.2.3.4/', 'https://1.2.3.256/',
    'ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/', 'urn:ietf:rfc:3986', 'mailto:a@example.com',
    'x:', 'x:/', 'a:/b/c', 'a:b:c', 'a://', 'a:///b', 'x://a/b//c', 'did:pkh:eip155:1:0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2',
    'h+t-t.p://example.com', 'https://example.com?', 'https://example.com#', 'https://example.com/%7Euser',
    "https://example.com/!$&'()*+,;=:@-._~?/?#/?", 'https://example.com:/'
  ]) {
    t.ok(isUri(uri), uri)
  }
  for (const uri of [
    '', ':', ':x', '1x:y', '-x:y', 'x y:z', 'https', '//example.com', 'https://exa mple.com', 'https://example.com/a b',
    'https://example.com/%zz', 'https://example.com/%2', 'https://exämple.com', 'https://example.com/ü',
    'https://example.com:80a/', 'https://[::1', 'https://[::1]x', 'https://[::1]:8a', 'https://example.com/[1]',
    'https://example.com?x=[1]', 'https://example.com#a#b', 'https://a@b@c', 'https://example.com/\\',
    'https://example.com/"', 'https://example.com/<>', 'https://example.com/{}', 'https://example.com/|', 'https://example.com/^',
    'https://example.com/`', 'https://example.com\r', 'x:\n', 'x:%', 'x:/%', 'https://example.com/\u00a0'
  ]) {
    t.notOk(isUri(uri), JSON.stringify(uri))
  }
})

t.test('authorities (the EIP-4361 domain)', async (t) => {
  for (const authority of [
    '', 'example.com', 'example.com:', 'example.com:8443', 'EXAMPLE.com', 'ex%41mple.com', 'user@example.com',
    'user:pw@example.com:1', ':@example.com', '@', "!$&'()*+,;=-._~", '1.2.3.4', '01.2.3.4', '999.1.1.1', '[::1]', '[::1]:',
    '[::1]:80'
  ]) {
    t.ok(isAuthority(authority), JSON.stringify(authority))
  }
  for (const authority of [
    'exa mple.com', 'example.com:x', 'example.com:1:2', 'a@b@c', 'us er@x', 'us%zzer@x', 'example.com/', 'example.com?', '[::1]]',
    '[::1]x', '[::1', '::1', '[]', 'ex%4mple.com', 'exämple.com', 'a"b'
  ]) {
    t.notOk(isAuthority(authority), JSON.stringify(authority))
  }
})

t.test('IP literals: RFC 3986 IPv6address and IPvFuture', async (t) => {
  for (const literal of [
    '1:2:3:4:5:6:7:8', 'ABCD:ef01:2345:6789:abcd:EF01:2345:6789', '::', '::1', '1::', '1::8', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8',
    '1:2:3::6:7:8', '1:2:3:4:5:6:1.2.3.4', '::1.2.3.4', '::ffff:192.0.2.128', '1:2:3:4:5::255.255.255.255',
    '1::0.0.0.0', '::cafe', 'v1.x', 'V1a.x:y', 'vF.!$&\'()*+,;=-._~:'
  ]) {
    t.ok(isAuthority(`[${literal}]`), literal)
  }
  for (const literal of [
    '', ':', ':::', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', '1:::2', ':1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:',
    '1:2:3:4:5:6:7:8::', '::1:2:3:4:5:6:7:8', '1:2:3:4::5:6:7:8', '12345::', 'g::', '1:2:3:4:5:6:7:1.2.3.4', '1:2:3:4:5:6::1.2.3.4',
    '1.2.3.4', '1.2.3.4::', '1.2.3.4::1', '::1.2.3', '::1.2.3.4.5', '::256.1.1.1', '::01.2.3.4', '::1.2.3.04', '::...', '::1..2.3',
    ':1.2.3.4', 'v1', 'v.x', 'vg.x', 'v1.', 'v1.x/y', 'v1.%41', 'x1.x', 'v7.fe80::1%25en0'
  ]) {
    t.notOk(isAuthority(`[${literal}]`), literal)
  }
})

t.test('request IDs (*pchar)', async (t) => {
  t.ok(isPchars(''))
  t.ok(isPchars("aZ09-._~!$&'()*+,;=:@%41"))
  for (const text of ['a b', '/', '?', '#', '%', '%4', '%zz', '[', 'é']) t.notOk(isPchars(text), text)
})
