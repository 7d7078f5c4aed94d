/** Latencies (ms) and response statuses of one endpoint within one phase. */
export class EndpointRecord {
  readonly latenciesMs: number[] = []
  readonly statuses: Record<string, number> = {}

  add (latencyMs: number, status: number): void {
    this.latenciesMs.push(latencyMs)
    this.statuses[status] = (this.statuses[status] ?? 0) + 1
  }
}

export interface EndpointSummary {
  count: number
  p50Ms: number
  p99Ms: number
  /** Responses by HTTP status, so failures show in the report instead of vanishing. */
  statuses: Record<string, number>
}

/** Nearest-rank percentile of ascending `sorted`, with 0 < p ≤ 1. */
function percentile (sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number
}

export function summarize (record: EndpointRecord): EndpointSummary {
  const sorted = record.latenciesMs.toSorted((a, b) => a - b)
  return {
    count: sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    statuses: record.statuses
  }
}
