import { getAddress, hexlify, randomBytes } from 'ethers'
import t from 'tap'
import { checksumAddress, isChecksumAddress } from '../../src/siwe/eip55.js'

t.test('EIP-55 spelling agrees with ethers on random addresses', async (t) => {
  for (let i = 0; i < 200; i++) {
    const lower = hexlify(randomBytes(20)).slice(2)
    const expected = getAddress('0x' + lower)
    t.equal(checksumAddress(lower), expected)
    t.ok(isChecksumAddress(expected))
    // all lower case is EIP-55 only when the address has no letter that needs upper case
    t.equal(isChecksumAddress('0x' + lower), expected === '0x' + lower)
  }
})

t.test('refused spellings', async (t) => {
  const address = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'
  for (const text of [
    address.toLowerCase(), '0x' + address.slice(2).toUpperCase(), '0X' + address.slice(2), address.slice(2), address + '0',
    address.slice(0, -1), address.slice(0, -1) + 'g', ` ${address}`
  ]) {
    t.notOk(isChecksumAddress(text), text)
  }
})
