/** The few statistics the bench reports. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile (nearest rank) of `values`; throws on none, so an empty measurement never reads as 0. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("Bench bug: a percentile of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** Rounded for the JSON line: two significant decimals below 10, one above. */
export function rounded(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export const mb = (bytes: number): number => rounded(bytes / 1024 / 1024, 1);
