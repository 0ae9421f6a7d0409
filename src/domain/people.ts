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
