/**
 * Times kept coarser than they happened. What a person does in private (a
 * concern raised, a message handled) must not be timed to the second by
 * what is stored, or it could be matched with the moment they were seen
 * typing; an hour is as fine as the concern digest, a day as fine as
 * "last activity" needs.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The start of `at`'s hour, in UTC. */
export function startOfUtcHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/** The start of `at`'s day, in UTC. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}
