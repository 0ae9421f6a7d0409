/**
 * The pace WhatsApp sees from Baraza, to keep a linked number from looking
 * like a bulk sender (WhatsApp blocks numbers that behave like bots): at
 * least `minGapMs` between two messages to one chat, at most `maxPerMinute`
 * messages in any minute overall, and nothing at all while `paused()` says
 * so. What waits is queued, each chat's in the order it was asked for, and
 * goes once allowed: nothing is dropped.
 *
 * The clock is injected (`now`, `sleep`) so that tests move time instead of
 * waiting for it.
 */
import { setTimeout as delay } from "node:timers/promises";

export interface Pace {
  /** The least time between two messages to one chat, in milliseconds. */
  minGapMs: number;
  /** The most messages sent in any 60 seconds, to all chats together. */
  maxPerMinute: number;
  /** While true, nothing is sent; what is asked for waits, in order. */
  paused: () => boolean;
}

/** Conservative defaults: a person typing would not be faster. */
export const DEFAULT_PACE: Pace = { minGapMs: 3000, maxPerMinute: 20, paused: () => false };

/**
 * The pace given, with the defaults for what is missing (absent or
 * undefined): a setting left out never means no gap or no cap. A negative
 * gap is none; a cap under one message a minute is one.
 */
export function paceOf(given: Partial<Pace> = {}): Pace {
  const number = (value: number | undefined, fallback: number) => (value === undefined || Number.isNaN(value) ? fallback : value);
  return {
    minGapMs: Math.max(0, number(given.minGapMs, DEFAULT_PACE.minGapMs)),
    maxPerMinute: Math.max(1, number(given.maxPerMinute, DEFAULT_PACE.maxPerMinute)),
    paused: given.paused ?? DEFAULT_PACE.paused,
  };
}

/** How often a paused pacer looks whether it may send again. */
export const PAUSE_CHECK_MS = 5000;

const MINUTE_MS = 60_000;

export interface PaceClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: PaceClock = {
  now: () => Date.now(),
  sleep: (ms) => delay(ms),
};

interface Lane {
  tail: Promise<void>;
  pending: number;
  freeAt: number;
}

/** Runs sends at the pace; see the module's comment. */
export class Pacer {
  private readonly lanes = new Map<string, Lane>();
  /** When the last sends went out, overall, newest last; only the last minute's are kept. */
  private readonly recent: number[] = [];
  /** The turn to take a place in the overall cap: one send at a time asks. */
  private gate: Promise<void> = Promise.resolve();

  constructor(
    private readonly pace: Pace,
    private readonly clock: PaceClock = realClock,
  ) {}

  /** Runs `send` for `chatId` in that chat's turn, once the gap, the cap and the pause allow; resolves or rejects as `send` does. */
  run<T>(chatId: string, send: () => Promise<T>): Promise<T> {
    const now = this.clock.now();
    for (const [id, idle] of this.lanes) if (idle.pending === 0 && idle.freeAt <= now) this.lanes.delete(id);
    const lane = this.lanes.get(chatId) ?? { tail: Promise.resolve(), pending: 0, freeAt: 0 };
    this.lanes.set(chatId, lane);
    lane.pending += 1;
    const result = lane.tail.then(async () => {
      try {
        const wait = lane.freeAt - this.clock.now();
        if (wait > 0) await this.clock.sleep(wait);
        await this.slot();
        return await send();
      } finally {
        lane.freeAt = this.clock.now() + this.pace.minGapMs;
        lane.pending -= 1;
      }
    });
    lane.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Messages queued or under way, in all chats. */
  get queued(): number {
    let count = 0;
    for (const lane of this.lanes.values()) count += lane.pending;
    return count;
  }

  /** Waits for the pause to end and for a place in the minute's cap, then takes it. */
  private slot(): Promise<void> {
    const taken = this.gate.then(async () => {
      while (this.pace.paused()) await this.clock.sleep(PAUSE_CHECK_MS);
      for (;;) {
        const now = this.clock.now();
        while (this.recent.length > 0 && (this.recent[0] ?? 0) <= now - MINUTE_MS) this.recent.shift();
        if (this.recent.length < this.pace.maxPerMinute) break;
        await this.clock.sleep((this.recent[0] ?? now) + MINUTE_MS - now);
        while (this.pace.paused()) await this.clock.sleep(PAUSE_CHECK_MS);
      }
      this.recent.push(this.clock.now());
    });
    this.gate = taken.catch(() => undefined);
    return taken;
  }
}
