import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * valgrind's callgrind counts every instruction a program runs, its own and the kernel's excluded:
 * the same work gives the same count on a busy machine or an idle one, where CPU time varies by
 * tens of per cent. The program starts with counting off, so its start-up and warm-up are not
 * counted; `callgrindControl` turns it on and writes the counts out.
 */
export function callgrindWrapper (outFile: string, valgrind = 'valgrind'): string[] {
  return [valgrind, '--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${outFile}`]
}

/** Fails with what to install when valgrind (and its callgrind_control) cannot be run. */
export async function requireValgrind (valgrind = 'valgrind'): Promise<void> {
  try {
    await run(valgrind, ['--version'])
  } catch (err) {
    throw new Error(`counting instructions needs valgrind (Debian and Ubuntu: apt-get install valgrind); "${valgrind} --version" failed: ${(err as Error).message}`)
  }
}

/**
 * Asks the callgrind run by `pid` to turn counting on (`--instr=on`) or to write the counts so far
 * to `<outFile>.1` (`--dump`, the first dump). callgrind_control finds the program by a pipe named
 * after the USER and HOST that the program saw, so it runs with the server's (the bench's servers
 * get HOST=127.0.0.1). It exits 0 also when it finds no such program: the dump is then missing.
 */
export async function callgrindControl (pid: number, command: '--instr=on' | '--dump', env: NodeJS.ProcessEnv): Promise<void> {
  await run('callgrind_control', [command, String(pid)], { env })
}

/** The instructions counted in a callgrind dump (its `totals:` line). */
export async function readCallgrindTotal (dumpFile: string): Promise<number> {
  const dump = await readFile(dumpFile, 'utf8').catch((err: Error) => {
    throw new Error(`callgrind wrote no counts to ${dumpFile} (did callgrind_control reach the server?): ${err.message}`)
  })
  const totals = /^totals: (\d+)$/m.exec(dump)
  if (totals === null) throw new Error(`${dumpFile} holds no "totals:" line`)
  return Number(totals[1])
}
