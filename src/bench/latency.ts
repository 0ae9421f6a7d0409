/**
 * Latency of processing at a steady open-loop load: updates arrive by the
 * clock (RATE a second, from PEOPLE people in turn) whatever the bot has
 * finished, and each one's latency runs from its scheduled arrival to the
 * end of its handling (its replies committed and handed to the channel: the
 * fake Bot API answered the send). Through the real Telegram adapter,
 * against the same load on a bare grammY bot doing one insert and one
 * reply; the two take turns in halves, so both see the machine's load.
 * Each first runs a second unmeasured.
 */
import { performance } from "node:perf_hooks";
import type { Bot } from "grammy";
import type { Scope } from "../reliability/scope.ts";
import { startFakeTelegram } from "./fake-telegram.ts";
import { SIZES } from "./sizes.ts";
import { percentile } from "./stats.ts";
import { barazaBot, bareBot } from "./telegram-bots.ts";
import { telegramGroup } from "./group.ts";
import { personId, Talk } from "./telegram-talk.ts";
import { noErrors, openWorld } from "./world.ts";

export interface LatencyFigures {
  p50: number;
  p99: number;
  p50Baseline: number;
  p99Baseline: number;
  /** The rate each side kept up with, updates per second (below the rate asked: it fell behind). */
  achieved: number;
  achievedBaseline: number;
}

export async function latency(scope: Scope): Promise<LatencyFigures> {
  const fake = await startFakeTelegram(scope);
  const world = await openWorld(scope, "latency");
  await telegramGroup(world.store, SIZES.people);
  const talks = [new Talk(), new Talk()] as const;
  const baraza = { bot: barazaBot(world, fake.apiRoot, talks[0]), talk: talks[0], latencies: [] as number[], seconds: 0, count: 0 };
  const bare = { bot: bareBot(world.database.client, fake.apiRoot, talks[1], "bare-latency", true), talk: talks[1], latencies: [] as number[], seconds: 0, count: 0 };
  const half = Math.max(1, Math.round((SIZES.rate * SIZES.latencySeconds) / 2));
  // Steady state: each side first runs a second at the rate unmeasured, so that its code is compiled and its caches warm whichever parts ran before.
  for (const side of [baraza, bare]) await openLoop(side.bot, side.talk, SIZES.rate);
  for (const side of [baraza, bare, baraza, bare]) {
    const run = await openLoop(side.bot, side.talk, half);
    side.latencies.push(...run.latencies);
    side.seconds += run.seconds;
    side.count += half;
  }
  noErrors(world, "latency (Telegram)");
  for (const [name, side] of [["Baraza", baraza], ["bare grammY", bare]] as const) {
    for (let index = 0; index < SIZES.people; index++) {
      const person = personId(index);
      if (side.talk.answered(person) < side.talk.sentTo(person)) throw new Error(`latency: ${name} answered person ${index + 1} ${side.talk.answered(person)} times for ${side.talk.sentTo(person)} updates`);
    }
  }
  return {
    p50: percentile(baraza.latencies, 50),
    p99: percentile(baraza.latencies, 99),
    p50Baseline: percentile(bare.latencies, 50),
    p99Baseline: percentile(bare.latencies, 99),
    achieved: baraza.count / baraza.seconds,
    achievedBaseline: bare.count / bare.seconds,
  };
}

/** Sends `count` updates on the clock's schedule; returns each one's latency (ms) and the seconds until the last was handled. */
async function openLoop(bot: Bot, talk: Talk, count: number): Promise<{ latencies: number[]; seconds: number }> {
  const gap = 1000 / SIZES.rate;
  const latencies: number[] = [];
  const handling: Promise<void>[] = [];
  const start = performance.now() + 20;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Every update whose time has come, even if the loop woke late: arrivals do not wait for the bot.
      while (next < count && start + next * gap <= now) {
        const scheduled = start + next * gap;
        const update = talk.next(next % SIZES.people);
        handling.push(bot.handleUpdate(update).then(() => void latencies.push(performance.now() - scheduled)));
        next += 1;
      }
      if (next >= count) return resolve();
      setTimeout(tick, Math.max(0, start + next * gap - performance.now()));
    };
    tick();
  });
  await Promise.all(handling);
  return { latencies, seconds: (performance.now() - start) / 1000 };
}
