import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/**
 * How many bytes of heap are still in use after `run`, once the garbage is collected: what `run`
 * left reachable. For tests of what a store keeps, with sizes far apart (megabytes against bytes).
 */
export async function heapGrowth (run: () => Promise<void>): Promise<number> {
  gc()
  const before = getHeapStatistics().used_heap_size
  await run()
  gc()
  return getHeapStatistics().used_heap_size - before
}

/** `text` at the end of a string of about `length` characters, cut out of it (as V8 slices it). */
export function sliceOfLarge (text: string, length: number, seed: number): string {
  return `${String(seed).padStart(length, '-')}${text}`.slice(-text.length)
}
