/**
 * Ranking metrics with binary relevance, computed per query from the ranked ids a system returned;
 * a benchmark reports their `mean` over queries. Latency figures come from `summarize`.
 */

/** Share of the relevant ids found in the top `k`. */
export function recallAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) throw new RangeError("recall is undefined for a query with no relevant ids");
  const found = ranked.slice(0, k).filter((id) => relevant.has(id)).length;
  return found / relevant.size;
}

/** Reciprocal rank of the first relevant id in the top `k`, 0 if none: its mean over queries is MRR@k. */
export function mrrAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  const index = ranked.slice(0, k).findIndex((id) => relevant.has(id));
  return index === -1 ? 0 : 1 / (index + 1);
}

/** DCG of the top `k` over the DCG of an ideal ranking (all relevant ids first). */
export function ndcgAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) throw new RangeError("nDCG is undefined for a query with no relevant ids");
  const gain = (rank: number) => 1 / Math.log2(rank + 2);
  let dcg = 0;
  ranked.slice(0, k).forEach((id, rank) => {
    if (relevant.has(id)) dcg += gain(rank);
  });
  let idealDcg = 0;
  for (let rank = 0; rank < Math.min(k, relevant.size); rank++) idealDcg += gain(rank);
  return dcg / idealDcg;
}

export function mean(values: readonly number[]): number {
  requireValues(values);
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The `p`th percentile (0–100), interpolating linearly between the two nearest ranks. */
export function percentile(values: readonly number[], p: number): number {
  return percentileOfSorted(sortedAscending(values), p);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export interface Summary {
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = sortedAscending(values);
  return {
    median: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    min: sorted[0]!,
    max: sorted.at(-1)!,
    n: sorted.length,
  };
}

function sortedAscending(values: readonly number[]): number[] {
  requireValues(values);
  return [...values].sort((a, b) => a - b);
}

function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0–100, got ${p}`);
  const position = (p / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

function requireValues(values: readonly number[]): void {
  if (values.length === 0) throw new RangeError("needs at least one value");
}
