import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'

// /proc counts CPU time in clock ticks (USER_HZ), almost always 100 per second; ask rather than assume.
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }))

/**
 * CPU time (user + system, all threads) that process `pid` has used so far, in milliseconds, read
 * from the kernel's own counters, so a server needs no cooperation to be measured.
 */
export async function readCpuMs (pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces: count fields from after its closing parenthesis,
  // where field 3 (state) starts; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 1000 / ticksPerSecond
}

/** Resident set size of process `pid`, in MiB. */
export async function readRssMiB (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status) as RegExpExecArray
  return Number(kib[1]) / 1024
}
