/**
 * A Map whose entries expire: reads never see an expired entry, and a timer sweeps them out so an
 * idle map does not keep them (the memory stores must not grow without bound).
 */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, { value: V, expiresAt: number }>()
  readonly #sweeper: NodeJS.Timeout

  constructor (sweepIntervalMs: number) {
    this.#sweeper = setInterval(() => this.sweep(), sweepIntervalMs)
    this.#sweeper.unref()
  }

  get size (): number {
    return this.#entries.size
  }

  set (key: string, value: V, ttlMs: number): void {
    this.#entries.set(key, { value, expiresAt: Date.now() + ttlMs })
  }

  get (key: string): V | undefined {
    const entry = this.#entries.get(key)
    if (entry === undefined) return undefined
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.value
  }

  delete (key: string): void {
    this.#entries.delete(key)
  }

  sweep (): void {
    const now = Date.now()
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(key)
    }
  }

  close (): void {
    clearInterval(this.#sweeper)
    this.#entries.clear()
  }
}
