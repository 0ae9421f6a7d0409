/**
 * The clocks Baraza runs on. The core never reads the time itself: it is
 * handed a `Clock` (src/flows/ports.ts), wired in `main.ts`.
 */
import { Duration } from "luxon";
import type { Clock } from "./flows/ports.ts";

/** The real time: what a platform's bot and the sweep run on in production. */
export const systemClock: Clock = {
  now: () => new Date(),
};

/**
 * A clock that can be moved forward: a base time (by default the real one)
 * plus however far it was moved. The terminal's `/wait` moves it, so a
 * demonstration can jump days ahead and see what falls due; tests and the
 * reliability suite move it from a fixed start.
 */
export class MovableClock implements Clock {
  private offsetMs = 0;

  constructor(private readonly base: () => Date = systemClock.now) {}

  now(): Date {
    return new Date(this.base().getTime() + this.offsetMs);
  }

  advance(duration: Duration): void {
    this.offsetMs += duration.toMillis();
  }
}
