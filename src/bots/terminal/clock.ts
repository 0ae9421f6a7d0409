/**
 * The terminal's clock: the real time plus however far `/wait` has moved it,
 * so a demonstration can jump days ahead and see what falls due.
 */
import { Duration } from "luxon";
import type { Clock } from "../../flows/ports.ts";

export class MovableClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: () => Date = () => new Date()) {}

  now(): Date {
    return new Date(this.base().getTime() + this.offsetMs);
  }

  advance(duration: Duration): void {
    this.offsetMs += duration.toMillis();
  }
}

/** Reads durations such as `3d`, `12h`, `30m` or `1d12h`; null for anything else. */
export function parseDuration(text: string): Duration | null {
  const match = /^(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m)?$/i.exec(text.trim());
  if (!match || text.trim() === "") return null;
  const [, days, hours, minutes] = match;
  const duration = Duration.fromObject({ days: Number(days ?? 0), hours: Number(hours ?? 0), minutes: Number(minutes ?? 0) });
  return duration.toMillis() > 0 ? duration : null;
}
