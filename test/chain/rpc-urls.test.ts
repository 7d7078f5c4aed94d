import t from 'tap'
import { parseRpcUrls } from '../../src/chain/rpc-urls.js'

t.test('chainId=url pairs, one per chain', async (t) => {
  t.same(parseRpcUrls(''), new Map())
  t.same(parseRpcUrls('  '), new Map())
  t.same(parseRpcUrls('1=https://eth.example.org/v2/key, 8453=wss://base.example.org,31337=http://127.0.0.1:8545'), new Map([
    [1, 'https://eth.example.org/v2/key'],
    [8453, 'wss://base.example.org'],
    [31337, 'http://127.0.0.1:8545']
  ]))
  t.same(parseRpcUrls('10=ws://127.0.0.1:8546/?a=b=c'), new Map([[10, 'ws://127.0.0.1:8546/?a=b=c']]), 'only the first = splits')
})

t.test('anything malformed names RPC_URLS and keeps URLs out of the message', async (t) => {
  for (const value of [
    'https://eth.example.org', '=https://eth.example.org', 'one=https://eth.example.org', '0=https://eth.example.org',
    '-1=https://eth.example.org', '1.5=https://eth.example.org', '01=https://eth.example.org', '99999999999999999=http://a.example',
    '1=', '1=eth.example.org', '1=ftp://eth.example.org', '1=https://eth.example.org,', ',1=https://eth.example.org'
  ]) {
    t.throws(() => parseRpcUrls(value), { message: /^RPC_URLS (?!.*example)/s }, value)
  }
  t.throws(() => parseRpcUrls('1=https://a.example,https://b.example/v2/KEY'), { message: /entry 2 of 2 does not start with a chain ID/ })
  t.throws(() => parseRpcUrls('1=https://a.example/secret-key,1=https://b.example'), { message: /chain 1 is named twice/ })
  t.throws(() => parseRpcUrls('1=ftp://a.example/secret-key'), { message: /^(?!.*secret-key)/ })
})
