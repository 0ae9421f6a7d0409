/**
 * The pace WhatsApp sees from Baraza, to keep a linked number from looking
 * like a bulk sender (WhatsApp blocks numbers that behave like bots): at
 * least `minGapMs` between two messages to one chat, at most `maxPerMinute`
 * messages in any minute overall, and nothing at all while `paused()` says
 * so. What waits is queued, each chat's in the order it was asked for, and
 * goes once allowed: nothing is dropped.
 *
 * A send that WhatsApp Web never answers (a hung page) fails after
 * `sendTimeoutMs`, so one chat's queue is not held for ever: the core takes
 * it as any failed delivery (the sweep tries the message again). Stopping
 * (`stop`) fails at once every send still waiting (held by the pause, the
 * gap or the cap) and refuses new ones, so a stop never waits for a pause
 * to end; a scheduled message that failed so stays in the store and is
 * tried again after the next start.
 *
 * The clock is injected (`now`, `sleep`) so that tests move time instead of
 * waiting for it; the send timeout runs on real time.
 */
import { setTimeout as delay } from "node:timers/promises";

export interface Pace {
  /** The least time between two messages to one chat, in milliseconds. */
  minGapMs: number;
  /** The most messages sent in any 60 seconds, to all chats together. */
  maxPerMinute: number;
  /** While true, nothing is sent; what is asked for waits, in order. */
  paused: () => boolean;
  /** How long one send may take before it fails (WhatsApp Web hung), in milliseconds. */
  sendTimeoutMs: number;
}

/** How long one send may take: far longer than WhatsApp Web takes to send even a large file. */
export const SEND_TIMEOUT_MS = 60_000;

/** Conservative defaults: a person typing would not be faster. */
export const DEFAULT_PACE: Pace = { minGapMs: 3000, maxPerMinute: 20, paused: () => false, sendTimeoutMs: SEND_TIMEOUT_MS };

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
    sendTimeoutMs: Math.max(1, number(given.sendTimeoutMs, DEFAULT_PACE.sendTimeoutMs)),
  };
}

/** A send WhatsApp Web did not answer in time; it may still have gone out. */
export class SendTimedOut extends Error {
  constructor(ms: number) {
    super(`WhatsApp: sending took longer than ${Math.round(ms / 1000)} s`);
    this.name = "SendTimedOut";
  }
}

/** A send that never started because the process is stopping. */
export class SendingStopped extends Error {
  constructor() {
    super("WhatsApp: stopping; not sent");
    this.name = "SendingStopped";
  }
}

/** How often a paused pacer looks whether it may send again. */
export const PAUSE_CHECK_MS = 5000;

const MINUTE_MS = 60_000;

export interface PaceClock {
  now(): number;
  /** Waits `ms`; may reject at once when `signal` aborts (a fake clock may ignore it). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: PaceClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : {}),
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
  /** Aborted by `stop`. */
  private readonly stopping = new AbortController();
  /** The callers of sends not yet started, to fail at once on `stop`. */
  private readonly waiting = new Set<(error: Error) => void>();

  constructor(
    private readonly pace: Pace,
    private readonly clock: PaceClock = realClock,
  ) {}

  /** Runs `send` for `chatId` in that chat's turn, once the gap, the cap and the pause allow; resolves or rejects as `send` does. */
  run<T>(chatId: string, send: () => Promise<T>): Promise<T> {
    if (this.stopping.signal.aborted) return Promise.reject(new SendingStopped());
    const now = this.clock.now();
    for (const [id, idle] of this.lanes) if (idle.pending === 0 && idle.freeAt <= now) this.lanes.delete(id);
    const lane = this.lanes.get(chatId) ?? { tail: Promise.resolve(), pending: 0, freeAt: 0 };
    this.lanes.set(chatId, lane);
    lane.pending += 1;
    const signal = this.stopping.signal;
    let fail: ((error: Error) => void) | undefined;
    const result = lane.tail.then(async () => {
      try {
        const wait = lane.freeAt - this.clock.now();
        if (signal.aborted) throw new SendingStopped();
        if (wait > 0) await this.clock.sleep(wait, signal);
        await this.slot();
        if (signal.aborted) throw new SendingStopped();
        // Started: from here the send is awaited (up to its timeout), not failed by a stop, since it may already be on its way.
        if (fail) this.waiting.delete(fail);
        return await this.timed(send);
      } finally {
        lane.freeAt = this.clock.now() + this.pace.minGapMs;
        lane.pending -= 1;
      }
    });
    lane.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return new Promise<T>((resolve, reject) => {
      const stopped = (error: Error) => reject(error);
      fail = stopped;
      this.waiting.add(stopped);
      result.then(resolve, reject).finally(() => this.waiting.delete(stopped));
    });
  }

  /**
   * Fails at once every send not yet started and refuses any later one; a
   * send under way is left to finish or time out. For stopping the process.
   */
  stop(): void {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort(new SendingStopped());
    for (const fail of [...this.waiting]) fail(new SendingStopped());
    this.waiting.clear();
  }

  /**
   * `work` (a call to WhatsApp Web), failing with {@link SendTimedOut} when
   * it takes longer than the send timeout; for what is asked of WhatsApp
   * Web before sending too (whether the bot may write to a chat).
   */
  timed<T>(work: () => Promise<T>): Promise<T> {
    const ms = this.pace.sendTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SendTimedOut(ms)), ms);
      // A hung call does not keep a stopping process alive.
      timer.unref();
      let working: Promise<T>;
      try {
        working = work();
      } catch (error) {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      working.then(resolve, reject).finally(() => clearTimeout(timer));
    });
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
      const signal = this.stopping.signal;
      while (this.pace.paused() && !signal.aborted) await this.clock.sleep(PAUSE_CHECK_MS, signal);
      for (;;) {
        if (signal.aborted) throw new SendingStopped();
        const now = this.clock.now();
        while (this.recent.length > 0 && (this.recent[0] ?? 0) <= now - MINUTE_MS) this.recent.shift();
        if (this.recent.length < this.pace.maxPerMinute) break;
        await this.clock.sleep((this.recent[0] ?? now) + MINUTE_MS - now, signal);
        while (this.pace.paused() && !signal.aborted) await this.clock.sleep(PAUSE_CHECK_MS, signal);
      }
      this.recent.push(this.clock.now());
    });
    this.gate = taken.catch(() => undefined);
    return taken;
  }
}
