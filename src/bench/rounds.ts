/**
 * The inbound comparisons' rounds, the same for every platform: a warm-up
 * round of every contender (not counted: modules loaded, statements
 * prepared, the JIT at work), then SIZES.rounds rounds, each running every
 * contender once on that round's people, in an order rotated by the round,
 * so that none gains from going first while the machine's load drifts.
 */
import { peopleFor } from "./drive.ts";
import { SIZES } from "./sizes.ts";

/**
 * Runs the rounds; `run` drives one contender (by its index) through
 * `updates` updates from `people` and says how many milliseconds it took.
 * Returns each contender's rates (updates per second), round by round.
 */
export async function interleaved(contenders: number, run: (contender: number, people: number[], updates: number) => Promise<number>): Promise<number[][]> {
  for (let contender = 0; contender < contenders; contender++) await run(contender, peopleFor(0, SIZES.concurrency, SIZES.people), SIZES.concurrency * 4);
  const rates = Array.from({ length: contenders }, (): number[] => []);
  for (let round = 0; round < SIZES.rounds; round++) {
    const people = peopleFor(round + 1, SIZES.concurrency, SIZES.people);
    const updates = Math.ceil(SIZES.perRound / people.length) * people.length;
    for (let turn = 0; turn < contenders; turn++) {
      const contender = (round + turn) % contenders;
      rates[contender]?.push(updates / ((await run(contender, people, updates)) / 1000));
    }
  }
  return rates;
}

/** Round by round, one contender's rate over another's. */
export function ratios(rates: number[][], of: number, over: number): number[] {
  return (rates[of] ?? []).map((rate, round) => rate / (rates[over]?.[round] ?? Number.NaN));
}
