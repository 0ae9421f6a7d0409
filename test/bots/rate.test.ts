/**
 * The rate limiter every send to Telegram goes through: below the limits a
 * send goes at once, with no timer; above them it waits just long enough,
 * each chat's sends in order; a stop fails what waits. Time is faked
 * (timers and `performance.now()`, which the token buckets read): what is
 * asserted is when each send was let go on that clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RateLimiter, SendingStopped, type Rate } from "../../src/bots/rate.ts";
import { TELEGRAM_LIMITS } from "../../src/bots/telegram/limits.ts";

const { chat: CHAT, group: GROUP, overall: OVERALL } = TELEGRAM_LIMITS;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
});
afterEach(() => {
  vi.useRealTimers();
});

interface Went {
  lane: string;
  label: number;
  at: number;
}

/**
 * Asks for `count` sends to `lane` at once, as a burst; each is recorded
 * with the time it was let go (at once, or when its wait ended).
 */
function burst(limiter: RateLimiter, lane: string, rates: readonly Rate[], count: number, went: Went[], failed: Error[] = [], first = 0): void {
  for (let label = first; label < first + count; label += 1) {
    const wait = limiter.take(lane, rates);
    if (wait === undefined) went.push({ lane, label, at: performance.now() });
    else
      wait.then(
        () => went.push({ lane, label, at: performance.now() }),
        (error: Error) => failed.push(error),
      );
  }
}

/** The most sends let go within any `windowMs` (a window closed at both ends). */
function mostWithin(went: Went[], windowMs: number): number {
  const times = went.map((w) => w.at).sort((a, b) => a - b);
  let most = 0;
  for (const [start, at] of times.entries()) {
    let end = start;
    while (end + 1 < times.length && (times[end + 1] ?? Infinity) <= at + windowMs) end += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe("rate limits: below them, nothing waits", () => {
  it("lets a send below every limit go at once, with no promise and no timer", () => {
    const limiter = new RateLimiter(OVERALL);
    expect(limiter.take("501", [CHAT])).toBeUndefined();
    expect(limiter.take("502", [CHAT])).toBeUndefined();
    expect(limiter.take("-100200300", [CHAT, GROUP])).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("lets a chat's next send go at once a second later", async () => {
    const limiter = new RateLimiter(OVERALL);
    expect(limiter.take("501", [CHAT])).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1000);
    expect(limiter.take("501", [CHAT])).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("rate limits: above them, sends wait just long enough, in order", () => {
  it("paces a burst to one chat at one a second, in the order asked", async () => {
    const limiter = new RateLimiter(OVERALL);
    const went: Went[] = [];
    burst(limiter, "501", [CHAT], 5, went);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(went.map((w) => w.label)).toEqual([0, 1, 2, 3, 4]);
    expect(went.map((w) => w.at)).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it("holds no other chat's send behind one chat's burst", async () => {
    const limiter = new RateLimiter(OVERALL);
    const went: Went[] = [];
    burst(limiter, "501", [CHAT], 5, went);
    expect(limiter.take("502", [CHAT])).toBeUndefined();
  });

  it("keeps a group to at most 20 messages in any minute, and to its own second's pace", async () => {
    const limiter = new RateLimiter(OVERALL);
    const went: Went[] = [];
    burst(limiter, "-100200300", [CHAT, GROUP], 45, went);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(went.map((w) => w.label)).toEqual(Array.from({ length: 45 }, (_, i) => i));
    expect(mostWithin(went, 60_000)).toBeLessThanOrEqual(20);
    expect(mostWithin(went, 999)).toBe(1);
    // Just long enough: the first five a second apart, then one every four seconds (15 a minute).
    expect(went.slice(0, 5).map((w) => w.at)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(went.at(-1)?.at).toBeLessThanOrEqual(4000 + 41 * 4000);
  });

  it("keeps all chats together to at most 30 messages in any second", async () => {
    const limiter = new RateLimiter(OVERALL);
    const went: Went[] = [];
    for (let person = 0; person < 100; person += 1) burst(limiter, String(1000 + person), [CHAT], 1, went);
    // The first ten at once; the rest wait for the overall bucket, in turn, on one timer.
    expect(went).toHaveLength(10);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(went).toHaveLength(100);
    expect(mostWithin(went, 1000)).toBeLessThanOrEqual(30);
    // Twenty a second after the first ten, in the order asked: all gone within five seconds.
    expect(went.map((w) => w.lane)).toEqual(Array.from({ length: 100 }, (_, person) => String(1000 + person)));
    expect(Math.max(...went.map((w) => w.at))).toBeLessThanOrEqual(5000);
  });

  it("keeps a chat's later send behind its waiting ones, though a token has come back meanwhile", async () => {
    const limiter = new RateLimiter(OVERALL);
    const went: Went[] = [];
    burst(limiter, "501", [CHAT], 3, went);
    await vi.advanceTimersByTimeAsync(1500);
    burst(limiter, "501", [CHAT], 1, went, [], 3);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(went.map((w) => w.label)).toEqual([0, 1, 2, 3]);
    expect(went.map((w) => w.at)).toEqual([0, 1000, 2000, 3000]);
  });
});

describe("rate limits: stopping", () => {
  it("fails every waiting send at once, clears its timers, and still lets a send below the limits go", async () => {
    const limiter = new RateLimiter(OVERALL);
    const went: Went[] = [];
    const failed: Error[] = [];
    burst(limiter, "501", [CHAT], 3, went, failed);
    burst(limiter, "-100200300", [CHAT, GROUP], 2, went, failed);
    expect(limiter.waiting).toBe(3);
    limiter.stop();
    await Promise.resolve();
    expect(failed).toHaveLength(3);
    expect(failed.every((error) => error instanceof SendingStopped)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(limiter.take("502", [CHAT])).toBeUndefined();
    await expect(limiter.take("502", [CHAT])).rejects.toBeInstanceOf(SendingStopped);
    expect(went.map((w) => w.lane)).toEqual(["501", "-100200300"]);
  });
});

describe("rate limits: memory", () => {
  it("forgets chats at rest, and a chat it forgot keeps its pace", async () => {
    const limiter = new RateLimiter({ burst: 1_000_000, count: 1_000_000, perMs: 1000 });
    const takeAll = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => limiter.take(String(from + i), [CHAT]));
    expect(takeAll(0, 5000).every((wait) => wait === undefined)).toBe(true);
    expect(limiter.kept).toBe(5000);
    await vi.advanceTimersByTimeAsync(1000);
    // Each of those chats' second has passed: opening more lanes forgets them.
    expect(takeAll(5000, 10_000).every((wait) => wait === undefined)).toBe(true);
    expect(limiter.kept).toBeLessThan(6000);
    // One forgotten comes back with its second's send, and its next waits.
    expect(limiter.take("0", [CHAT])).toBeUndefined();
    const next = limiter.take("0", [CHAT]);
    expect(next).toBeInstanceOf(Promise);
    await vi.advanceTimersByTimeAsync(999);
    expect(limiter.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(limiter.waiting).toBe(0);
  });
});
