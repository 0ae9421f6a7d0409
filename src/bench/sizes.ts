/**
 * How big each part of the bench is: the spec's sizes by default, smaller
 * with BENCH_QUICK=1 (every part, the same figures, in under three minutes),
 * and each overridable by its own BENCH_<NAME>.
 */
const QUICK = process.env["BENCH_QUICK"] === "1";

function size(name: string, full: number, quick: number): number {
  const raw = process.env[`BENCH_${name}`];
  const value = raw === undefined ? (QUICK ? quick : full) : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_${name}: use a whole number, at least 1 (got ${raw ?? ""})`);
  return value;
}

export const SIZES = {
  quick: QUICK,
  /** Interleaved rounds of the inbound comparison; the ratio reported is their median. */
  rounds: size("ROUNDS", 7, 3),
  /** Updates per contender per round. */
  perRound: size("PER_ROUND", 600, 120),
  /** People writing at once in the inbound rounds (each person's updates stay in order). */
  concurrency: size("CONCURRENCY", 8, 8),
  /** Open-loop rate (updates per second), people, and seconds of the latency part. */
  rate: size("RATE", 200, 200),
  people: size("PEOPLE", 50, 50),
  latencySeconds: size("LATENCY_SECONDS", 30, 3),
  /** Scheduled rows in the sweep's table, and how many of them are due. */
  sweepRows: size("SWEEP_ROWS", 1_000_000, 100_000),
  due: size("DUE", 2_000, 300),
  /** Groups in the coordinator's summary, each with an open cycle. */
  groups: size("GROUPS", 1_000, 1_000),
  /** Messages the started process handles between its two RSS readings. */
  messages: size("MESSAGES", 100_000, 1_000),
  /** Starts timed for start_ms (median). */
  starts: size("STARTS", 5, 3),
} as const;
