/**
 * Self-description: optional, never required, stored only to be counted, so
 * a facilitator can see who is missing from the group and from each vote.
 */

/** The descriptions offered on `join`; a person may pick several or none. */
export const SELF_DESCRIPTIONS = [
  "woman",
  "man",
  "lgbti",
  "young",
  "older",
  "disability",
  "minority",
  "authority",
] as const;
export type SelfDescription = (typeof SELF_DESCRIPTIONS)[number];

/**
 * The fewest people a count by self-description may be about. A count of
 * one or two, in a small group, names them: "woman 1 of 1" tells a group of
 * four who voted, and what the description members were told no one sees.
 */
export const SMALLEST_PART = 3;

/** How many people carry a description, as it may be shown: the number from {@link SMALLEST_PART} up, "none", or "fewer" than that. */
export type PartSize = { kind: "count"; count: number } | { kind: "none" } | { kind: "fewer" };

export function partSize(count: number): PartSize {
  if (count === 0) return { kind: "none" };
  return count < SMALLEST_PART ? { kind: "fewer" } : { kind: "count", count };
}
