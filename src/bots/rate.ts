/**
 * Rate limits on what a bot sends, kept by token buckets: a send below every
 * limit takes a token and goes at once (no promise, no timer); one above
 * waits just long enough, behind the sends to the same lane (a chat) that
 * wait already, so each lane's messages keep their order.
 *
 * A lane has its own buckets (Telegram: one message a second per chat, and a
 * group's minute), and every lane shares one more (Telegram's overall
 * rate); a send takes a token from each, or waits. The buckets, their refill
 * and how long until the next token are the `limiter` package's
 * `TokenBucket`s; what is ours is taking from several at once without its
 * per-call arrays (parent chains), and the waiting: a timer per lane waiting
 * for its own buckets, and one for the lanes waiting for the shared bucket,
 * served in turn, all cleared by a stop. The package's own `removeTokens`
 * keeps a timer running that nothing can cancel, which would hold a
 * stopping process for up to a minute.
 *
 * A bucket's `burst` is how many may go at once after a quiet spell, and it
 * refills at `count` per `perMs`; at most `burst + count` go in any `perMs`.
 * Time is read by the package from `performance.now()` (tests fake it with
 * the timers).
 */
import { TokenBucket } from "limiter";

/** One limit: up to `burst` at once, then `count` every `perMs`. */
export interface Rate {
  burst: number;
  count: number;
  perMs: number;
}

/** A send that was still waiting for its turn when sending stopped; it was not sent. */
export class SendingStopped extends Error {
  constructor() {
    super("Stopping: a message waiting for its rate limit was not sent");
    this.name = "SendingStopped";
  }
}

interface Waiter {
  go(): void;
  fail(error: Error): void;
}

interface Lane {
  /** The lane's own buckets (Telegram: its chat's second, and a group's minute). */
  own: TokenBucket[];
  /** Sends waiting for a token, oldest first. */
  waiting: Waiter[];
  /** Set while the lane waits for its own buckets. */
  timer: NodeJS.Timeout | undefined;
  /** Whether the lane is in the queue for the overall bucket. */
  starved: boolean;
}

/** Lanes are looked over for ones at rest only once there are this many (and then twice as many as remain). */
const FIRST_SWEEP = 1024;

/** Keeps rate limits per lane and overall; see the module's comment. */
export class RateLimiter {
  private readonly lanes = new Map<string, Lane>();
  private readonly overall: TokenBucket | undefined;
  /**
   * Lanes whose own buckets would let their next send go but the overall
   * one would not, in the order they came to wait: one timer serves them
   * in turn, rather than each polling for the same token.
   */
  private starved: Lane[] = [];
  private overallTimer: NodeJS.Timeout | undefined;
  private sweepAt = FIRST_SWEEP;
  private stopped = false;

  /** `overall`: the limit every lane shares; without, lanes are limited only by their own. */
  constructor(overall?: Rate) {
    this.overall = overall && bucketOf(overall);
  }

  /**
   * Takes one send's place in `lane`, under `rates` (the lane's own limits,
   * narrowest first; a lane is always given the same ones) and the overall
   * limit. Undefined when it may go now; otherwise a promise that resolves
   * when it may, after the lane's earlier sends, or rejects with
   * {@link SendingStopped} if sending stops first. Once stopped, a send that
   * would have to wait fails at once, and one below the limits still goes.
   */
  take(lane: string, rates: readonly Rate[]): Promise<void> | undefined {
    if (this.overall === undefined && rates.length === 0) return undefined;
    const found = this.lanes.get(lane) ?? this.openLane(lane, rates);
    if (found.waiting.length === 0 && this.starved.length === 0 && this.tryTake(found)) return undefined;
    if (this.stopped) return Promise.reject(new SendingStopped());
    return new Promise<void>((go, fail) => {
      found.waiting.push({ go, fail });
      if (found.waiting.length === 1) this.wake(found);
    });
  }

  /** Fails every send still waiting, at once, and stops the timers; later sends go only if they need not wait. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.overallTimer);
    this.overallTimer = undefined;
    this.starved = [];
    for (const lane of this.lanes.values()) {
      clearTimeout(lane.timer);
      lane.timer = undefined;
      lane.starved = false;
      for (const waiter of lane.waiting.splice(0)) waiter.fail(new SendingStopped());
    }
  }

  /** How many lanes are kept: chats sent to lately, or with sends waiting. */
  get kept(): number {
    return this.lanes.size;
  }

  /** How many sends wait, in all lanes. */
  get waiting(): number {
    let count = 0;
    for (const lane of this.lanes.values()) count += lane.waiting.length;
    return count;
  }

  /** A new lane with full buckets. */
  private openLane(key: string, rates: readonly Rate[]): Lane {
    if (this.lanes.size >= this.sweepAt) this.sweep();
    const lane: Lane = { own: rates.map((rate) => bucketOf(rate)), waiting: [], timer: undefined, starved: false };
    this.lanes.set(key, lane);
    return lane;
  }

  /**
   * Takes a token from each of the lane's buckets and the overall one, or
   * from none (the package's `tryRemoveTokens` on a chain of parents, without
   * the arrays it builds for the chain on every call).
   */
  private tryTake(lane: Lane): boolean {
    const own = lane.own;
    const overall = this.overall;
    for (let i = 0; i < own.length; i += 1) if (!hasToken(own[i])) return false;
    if (overall !== undefined && !hasToken(overall)) return false;
    for (let i = 0; i < own.length; i += 1) takeToken(own[i]);
    if (overall !== undefined) takeToken(overall);
    return true;
  }

  /** Lets the lane's waiting sends go while there are tokens (and no other lane is before it for the overall one), then parks it. */
  private wake(lane: Lane): void {
    lane.timer = undefined;
    while (lane.waiting.length > 0 && this.starved.length === 0 && this.tryTake(lane)) lane.waiting.shift()?.go();
    if (lane.waiting.length === 0 || this.stopped) return;
    this.park(lane);
    if (lane.starved) this.feedStarved();
  }

  /** A lane with sends waiting waits for its own buckets on a timer of its own, or else for the overall one, at the back of the queue. */
  private park(lane: Lane): void {
    let ownWait = 0;
    for (const bucket of lane.own) ownWait = Math.max(ownWait, bucket.getWaitTime(1));
    if (ownWait > 0) {
      lane.timer = setTimeout(() => this.wake(lane), ownWait);
    } else if (!lane.starved) {
      lane.starved = true;
      this.starved.push(lane);
    }
  }

  /** Lets the starved lanes' sends go, one each in turn, while the overall bucket has tokens; then sleeps until it has the next. */
  private feedStarved(): void {
    clearTimeout(this.overallTimer);
    this.overallTimer = undefined;
    for (let lane = this.starved[0]; lane !== undefined && this.tryTake(lane); lane = this.starved[0]) {
      this.starved.shift();
      lane.starved = false;
      lane.waiting.shift()?.go();
      if (lane.waiting.length > 0) this.park(lane);
    }
    if (this.starved.length > 0 && this.overall !== undefined && !this.stopped) {
      this.overallTimer = setTimeout(() => this.feedStarved(), Math.max(1, this.overall.getWaitTime(1)));
    }
  }

  /**
   * Forgets lanes at rest: nothing waiting and their own buckets full again,
   * so a lane opened anew for the same key starts where this one would be.
   */
  private sweep(): void {
    for (const [key, lane] of this.lanes) {
      if (lane.waiting.length > 0) continue;
      if (lane.own.every(isFull)) this.lanes.delete(key);
    }
    this.sweepAt = Math.max(FIRST_SWEEP, this.lanes.size * 2);
  }
}

/** Whether the bucket has a whole token now (refilled for the time passed). */
function hasToken(bucket: TokenBucket | undefined): boolean {
  if (bucket === undefined) return false;
  bucket.drip();
  return bucket.content >= 1;
}

/** Takes a token from a bucket just found to have one. */
function takeToken(bucket: TokenBucket | undefined): void {
  if (bucket !== undefined) bucket.content -= 1;
}

function isFull(bucket: TokenBucket): boolean {
  bucket.drip();
  return bucket.content >= bucket.bucketSize;
}

/** A bucket for `rate`, full (the package's start empty). */
function bucketOf(rate: Rate): TokenBucket {
  const bucket = new TokenBucket({ bucketSize: rate.burst, tokensPerInterval: rate.count, interval: rate.perMs });
  bucket.content = rate.burst;
  return bucket;
}
