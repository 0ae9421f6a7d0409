/**
 * The pace WhatsApp sees: a gap per chat, a cap per minute overall, a pause
 * switch; every message queued goes, in the order asked for. Time is a
 * clock the test moves: what is asserted is when each message went out on
 * that clock, never how fast the test ran.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_PACE, PAUSE_CHECK_MS, Pacer, paceOf, type Pace, type PaceClock } from "../../../src/bots/whatsapp/pace.ts";
import { startWhatsAppTest } from "./fake-client.ts";

/** A clock that jumps to the next timer once everything else has run. */
class ManualClock implements PaceClock {
  t = 0;
  private timers: { at: number; wake: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.timers.push({ at: this.t + ms, wake }));
  }

  /** Lets all work run, then moves time to the earliest timer and wakes it. */
  async runOnce(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.timers.sort((a, b) => a.at - b.at);
    const next = this.timers.shift();
    if (!next) return;
    this.t = Math.max(this.t, next.at);
    next.wake();
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Runs until nothing is waiting: each time all work is stuck on timers, time moves to the earliest. */
  async runAll(): Promise<void> {
    for (let steps = 0; steps < 10_000; steps += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.timers.length === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.timers.length === 0) return;
      }
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (!next) return;
      this.t = Math.max(this.t, next.at);
      next.wake();
    }
    throw new Error("The clock never stopped");
  }
}

interface Sent {
  chat: string;
  text: string;
  at: number;
}

function setUp(pace: Partial<Pace>) {
  const clock = new ManualClock();
  const pacer = new Pacer(paceOf({ minGapMs: 3000, maxPerMinute: 20, paused: () => false, ...pace }), clock);
  const sent: Sent[] = [];
  const send = (chat: string, text: string) => pacer.run(chat, () => Promise.resolve(sent.push({ chat, text, at: clock.now() })));
  return { clock, pacer, sent, send };
}

describe("the pace of sending", () => {
  it("keeps the gap between two messages to one chat, in order, without holding other chats up", async () => {
    const { clock, sent, send } = setUp({ minGapMs: 3000 });
    const all = Promise.all([send("a", "a1"), send("a", "a2"), send("b", "b1"), send("a", "a3"), send("b", "b2")]);
    await clock.runAll();
    await all;

    const inA = sent.filter((s) => s.chat === "a");
    const inB = sent.filter((s) => s.chat === "b");
    expect(inA.map((s) => s.text)).toEqual(["a1", "a2", "a3"]);
    expect(inB.map((s) => s.text)).toEqual(["b1", "b2"]);
    for (const lane of [inA, inB]) for (let i = 1; i < lane.length; i += 1) expect((lane[i]?.at ?? 0) - (lane[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(3000);
    // Chat b's first message did not wait for chat a's queue.
    expect(inB[0]?.at).toBe(0);
  });

  it("sends no more than the cap in any minute, all chats together, and sends the rest later, in order", async () => {
    const { clock, sent, send } = setUp({ minGapMs: 0, maxPerMinute: 5 });
    const all = Promise.all(Array.from({ length: 12 }, (_, i) => send(`chat-${i}`, `m${i}`)));
    await clock.runAll();
    await all;

    expect(sent.map((s) => s.text)).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`));
    for (const first of sent) expect(sent.filter((s) => s.at >= first.at && s.at < first.at + 60_000).length).toBeLessThanOrEqual(5);
    expect(sent.at(-1)?.at).toBeGreaterThanOrEqual(120_000);
  });

  it("holds everything while paused, and sends all of it, in order, once the switch is off", async () => {
    let paused = true;
    const { clock, sent, send, pacer } = setUp({ minGapMs: 0, paused: () => paused });
    const all = Promise.all([send("a", "a1"), send("b", "b1"), send("a", "a2")]);
    // However long the pause lasts, nothing goes and nothing is lost.
    for (let i = 0; i < 5; i += 1) await clock.runOnce();
    expect(sent).toEqual([]);
    expect(pacer.queued).toBe(3);

    paused = false;
    await clock.runAll();
    await all;
    expect(sent.map((s) => s.text).sort()).toEqual(["a1", "a2", "b1"]);
    expect(sent.filter((s) => s.chat === "a").map((s) => s.text)).toEqual(["a1", "a2"]);
    expect(sent.every((s) => s.at >= PAUSE_CHECK_MS)).toBe(true);
  });

  it("goes on with a chat's next message after one fails", async () => {
    const { clock, pacer, sent, send } = setUp({ minGapMs: 1000 });
    // Its outcome is taken at once, so the failure is not left unhandled while the clock runs.
    const failed = pacer.run("a", () => Promise.reject(new Error("refused"))).then(
      () => "sent",
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    const next = send("a", "a2");
    await clock.runAll();
    expect(await failed).toBe("refused");
    await next;
    expect(sent.map((s) => s.text)).toEqual(["a2"]);
    expect(sent[0]?.at).toBeGreaterThanOrEqual(1000);
  });
});

describe("the settings", () => {
  it("take the conservative defaults for what is not set, never no gap or no cap", () => {
    const pace = paceOf({ minGapMs: undefined, maxPerMinute: Number.NaN });
    expect([pace.minGapMs, pace.maxPerMinute, pace.paused()]).toEqual([DEFAULT_PACE.minGapMs, DEFAULT_PACE.maxPerMinute, false]);
    expect(DEFAULT_PACE.minGapMs).toBeGreaterThanOrEqual(1000);
    expect(DEFAULT_PACE.maxPerMinute).toBeLessThanOrEqual(30);
    expect(paceOf({ minGapMs: 500, maxPerMinute: 0 })).toMatchObject({ minGapMs: 500, maxPerMinute: 1 });
  });
});

describe("the pause switch in the adapter", () => {
  it("holds the bot's answers while on, and sends them, nothing lost, once off", async () => {
    let paused = true;
    const clock = new ManualClock();
    const test = await startWhatsAppTest({ minGapMs: 3000, maxPerMinute: 20, paused: () => paused }, clock);
    try {
      const { client, app } = test;
      const thida = client.person("thida");
      client.write(thida, "/start");
      let idle = false;
      void app.idle().then(() => (idle = true));
      // The answer waits at the switch: the pacer keeps looking, and nothing reaches WhatsApp.
      for (let i = 0; i < 500 && clock.now() < 3 * PAUSE_CHECK_MS; i += 1) await moveOn(clock);
      expect(clock.now()).toBeGreaterThanOrEqual(3 * PAUSE_CHECK_MS);
      expect(client.sent).toEqual([]);

      paused = false;
      for (let i = 0; i < 500 && !idle; i += 1) await moveOn(clock);
      expect(idle).toBe(true);
      expect(client.sentTo(thida.phoneId).some((s) => /^\s*\d+\.\s/m.test(s.text))).toBe(true);
    } finally {
      await test.close();
    }
  });
});

/** Lets the bot work a little (the store answers in real time), then moves the clock to its next timer. */
async function moveOn(clock: ManualClock): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  await clock.runOnce();
}
