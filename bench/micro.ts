// Per-operation cost of each step of checking a sign-in, beside the floors it is measured against,
// all in one process: `npm run bench:micro`. Cost is this process's CPU time (process.cpuUsage),
// so time spent waiting for a core shared with other work does not count. Each operation is
// warmed up, then measured in batches of about 20 ms, in rounds that visit every operation in
// turn, so that a slow spell of the machine weighs on all rows alike. Figures are the median
// batch's cost per operation, spreads the batches' 25th to 75th percentile. Compare rows of one
// run rather than runs.

import { createRequire } from 'node:module'
import { cpus } from 'node:os'
import { keccak_256 as nobleKeccak256 } from '@noble/hashes/sha3'
import { Wallet, keccak256 as ethersKeccak256, toUtf8Bytes, verifyMessage } from 'ethers'
import { SiweMessage } from 'siwe'
import type * as TinySecp256k1 from 'tiny-secp256k1'
import { parseSiweMessage as viemParseSiweMessage } from 'viem/siwe'
import { keccak256, keccakImplementation } from '../src/siwe/keccak.js'
import { parseSiweMessage } from '../src/siwe/parse-message.js'
import { createRecoverSigner, recoverSigner, signerBackend } from '../src/siwe/recover-signer.js'
import { javascriptBackend, loadNativeAddon, loadNativeBackend, loadWasmBackend } from '../src/siwe/secp256k1-backends.js'

interface Row { name: string, median: number, p25: number, p75: number }

const BATCH_US = 20_000
const WARM_UP_US = 200_000
const ROUNDS = 7
const BATCHES_PER_ROUND = 3

/** CPU microseconds (user + system) this process spent running `count` operations. */
function cpuTime (operation: () => unknown, count: number): number {
  const start = process.cpuUsage()
  for (let i = 0; i < count; i++) operation()
  const used = process.cpuUsage(start)
  return used.user + used.system
}

interface Subject { name: string, operation: () => unknown, perBatch: number, costs: number[] }

/** Warms `operation` up (JIT) for ~200 ms of CPU and sizes its batches to ~20 ms. */
function subject (name: string, operation: () => unknown): Subject {
  let perBatch = 1
  for (let warm = 0; warm < WARM_UP_US;) {
    const took = Math.max(cpuTime(operation, perBatch), 1)
    warm += took
    perBatch = Math.max(1, Math.min(perBatch * 2, Math.round(perBatch * BATCH_US / took)))
  }
  return { name, operation, perBatch, costs: [] }
}

function measureAll (subjects: Subject[]): Map<Subject, Row> {
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of subjects) {
      for (let b = 0; b < BATCHES_PER_ROUND; b++) s.costs.push(cpuTime(s.operation, s.perBatch) / s.perBatch)
    }
  }
  const rows = new Map<Subject, Row>()
  for (const s of subjects) {
    const costs = [...s.costs].sort((x, y) => x - y)
    const at = (q: number): number => costs[Math.round(q * (costs.length - 1))]
    rows.set(s, { name: s.name, median: at(0.5), p25: at(0.25), p75: at(0.75) })
  }
  return rows
}

const wallet = new Wallet(ethersKeccak256(toUtf8Bytes('bench:micro wallet')))
const text = [
  'localhost:8080 wants you to sign in with your Ethereum account:',
  wallet.address,
  '',
  'Sign in with Ethereum to the app.',
  '',
  'URI: http://localhost:8080',
  'Version: 1',
  'Chain ID: 1',
  'Nonce: 3kX9v0QpL7rT2mZ8aB4c',
  `Issued At: ${new Date().toISOString()}`,
  `Expiration Time: ${new Date(Date.now() + 3600_000).toISOString()}`
].join('\n')
const signature = wallet.signMessageSync(text)
const signatureBytes = Buffer.from(signature.slice(2), 'hex')
const rs = signatureBytes.subarray(0, 64)
const recoveryId = (signatureBytes[64] - 27) as 0 | 1
const prefixed = Buffer.from(`\x19Ethereum Signed Message:\n${Buffer.byteLength(text)}${text}`)
const digest = keccak256(prefixed)

// Check every contender gives the right answer before timing it.
const check = (label: string, ok: boolean): void => {
  if (!ok) throw new Error(`bench:micro: ${label} gave a wrong answer`)
}
check('parseSiweMessage', parseSiweMessage(text).address === wallet.address)
check('siwe', new SiweMessage(text).address === wallet.address)
check('viem', viemParseSiweMessage(text).address === wallet.address)
check('recoverSigner', recoverSigner(text, signature) === wallet.address)
check('verifyMessage', verifyMessage(text, signature) === wallet.address)

const require = createRequire(import.meta.url)
const loadOrNull = <T>(id: string): T | null => {
  try {
    return require(id) as T
  } catch {
    return null
  }
}
const addon = loadNativeAddon()
const tiny = loadOrNull<typeof TinySecp256k1>('tiny-secp256k1')
const nativeBackend = loadNativeBackend()
const wasmBackend = loadWasmBackend()

const subjects: Subject[] = []
const add = (name: string, operation: () => unknown): Subject => {
  const added = subject(name, operation)
  subjects.push(added)
  return added
}

const ours = add('parseSiweMessage (ours)', () => parseSiweMessage(text))
const viem = add('parseSiweMessage (viem, regex floor)', () => viemParseSiweMessage(text))
add('new SiweMessage(text) (siwe ABNF)', () => new SiweMessage(text))
const keccak = add(`keccak-256 of the EIP-191 message (ours, ${keccakImplementation})`, () => keccak256(prefixed))
add('keccak-256 of the EIP-191 message (@noble/hashes)', () => nobleKeccak256(prefixed))
const recover = add(`recoverSigner (ours, ${signerBackend})`, () => recoverSigner(text, signature))
if (nativeBackend !== null) add('recoverSigner on libsecp256k1-native', createRecoverSigner(nativeBackend).bind(null, text, signature))
if (wasmBackend !== null) add('recoverSigner on libsecp256k1-wasm', createRecoverSigner(wasmBackend).bind(null, text, signature))
add('recoverSigner on javascript', createRecoverSigner(javascriptBackend).bind(null, text, signature))
add('ethers verifyMessage (pure JS)', () => verifyMessage(text, signature))
let nativeFloor: Subject | null = null
if (addon !== null) {
  add('native ecdsaRecover alone', () => addon.ecdsaRecover(rs, recoveryId, digest, false))
  // the native floor: EIP-191 hash, recovery and address, with nothing around them (the hash
  // with our Keccak, so the ratio shows what our code adds, not which Keccak it uses)
  nativeFloor = add('native floor: hash + recover + address', () =>
    keccak256(addon.ecdsaRecover(rs, recoveryId, keccak256(prefixed), false).subarray(1)).subarray(12))
  add('native floor with @noble/hashes keccak', () =>
    nobleKeccak256(addon.ecdsaRecover(rs, recoveryId, nobleKeccak256(prefixed), false).subarray(1)).subarray(12))
}
if (tiny !== null) add('WASM recover alone (tiny-secp256k1)', () => tiny.recover(digest, rs, recoveryId, false))

const measured = measureAll(subjects)
const rows = subjects.map((s) => measured.get(s) as Row)
const median = (s: Subject): number => (measured.get(s) as Row).median

const fmt = (us: number): string => us >= 100 ? us.toFixed(0) : us.toFixed(1)
const width = Math.max(...rows.map((row) => row.name.length))
console.log(`bench:micro, Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), signer backend: ${signerBackend}, keccak: ${keccakImplementation}`)
console.log(`${'operation'.padEnd(width)} | CPU µs/op (median) | p25–p75`)
console.log(`${'-'.repeat(width)} | ------------------ | -------`)
for (const row of rows) {
  console.log(`${row.name.padEnd(width)} | ${fmt(row.median).padStart(18)} | ${fmt(row.p25)}–${fmt(row.p75)}`)
}
console.log('')
console.log(`our parse / viem parse:            ${(median(ours) / median(viem)).toFixed(2)}×`)
if (nativeFloor !== null) console.log(`our recover / native floor:        ${(median(recover) / median(nativeFloor)).toFixed(2)}×`)
console.log(`keccak share of our recover:       ${(100 * median(keccak) / median(recover)).toFixed(0)} %`)
