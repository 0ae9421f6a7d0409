/**
 * `npm run bench:profile`: where Baraza's time goes on the inbound path, for
 * whoever works on it (not a figure of the benchmark: no baseline). Only
 * Baraza's Telegram bot, through the real adapter, over the fake Bot API in
 * its own process, handles BENCH_UPDATES updates (default 2,000) from
 * BENCH_CONCURRENCY people at once (default 8), the benchmark's conversation;
 * then it prints the rate, and the process's CPU time per update.
 *
 * - BENCH_PROFILE=file.cpuprofile writes V8's CPU profile of the measured
 *   updates (open it in Chrome's DevTools, Performance panel).
 * - BENCH_SQL_TIMES=1 times every SQLite call better-sqlite3 makes (prepare,
 *   run, all), by statement, and prints the costliest (SQLite only; the
 *   timing itself slows every call a little).
 *
 * DATABASE_URL=postgresql://... runs it on a fresh schema there.
 */
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { Scope } from "../reliability/scope.ts";
import { drive, peopleFor } from "./drive.ts";
import { startFakeTelegram } from "./fake-telegram.ts";
import { telegramGroup } from "./group.ts";
import { SIZES } from "./sizes.ts";
import { barazaBot } from "./telegram-bots.ts";
import { Talk } from "./telegram-talk.ts";
import { noErrors, openWorld } from "./world.ts";

const UPDATES = Number(process.env["BENCH_UPDATES"] ?? 2000);
const PROFILE = process.env["BENCH_PROFILE"];
const ROUND = 200;

interface Timing {
  calls: number;
  ms: number;
  maxMs: number;
}

/** Times better-sqlite3's prepare, run and all by statement, from now on; returns what was timed so far. */
function timeSqlite(): Map<string, Timing> {
  const timings = new Map<string, Timing>();
  const note = (kind: string, sql: string, ms: number) => {
    const key = `${kind} ${sql.replace(/\s+/g, " ").slice(0, 100)}`;
    const timing = timings.get(key) ?? { calls: 0, ms: 0, maxMs: 0 };
    timing.calls += 1;
    timing.ms += ms;
    timing.maxMs = Math.max(timing.maxMs, ms);
    timings.set(key, timing);
  };
  const timed = <A extends unknown[], T>(kind: string, original: (this: unknown, ...args: A) => T, sqlOf: (self: unknown, args: A) => string) =>
    function (this: unknown, ...args: A): T {
      const before = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        note(kind, sqlOf(this, args), performance.now() - before);
      }
    };
  type Prototype = Record<string, (this: unknown, ...args: unknown[]) => unknown>;
  const Database = createRequire(import.meta.url)("better-sqlite3") as { prototype: Prototype; new (path: string): { prepare(sql: string): object; close(): void } };
  const probe = new Database(":memory:");
  const statement = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Prototype;
  probe.close();
  const source = (self: unknown) => String((self as { source?: string }).source);
  const prepare = Database.prototype["prepare"];
  if (prepare) Database.prototype["prepare"] = timed("prepare", prepare, (_self, args) => String(args[0]));
  for (const kind of ["run", "all"]) {
    const original = statement[kind];
    if (original) statement[kind] = timed(kind, original, source);
  }
  return timings;
}

const timings = process.env["BENCH_SQL_TIMES"] === "1" ? timeSqlite() : undefined;
const scope = new Scope();
try {
  const fake = await startFakeTelegram(scope);
  const world = await openWorld(scope, "profile");
  await telegramGroup(world.store, SIZES.people);
  const talk = new Talk();
  const bot = barazaBot(world, fake.apiRoot, talk);
  await drive(bot, talk, peopleFor(0, SIZES.concurrency, SIZES.people), SIZES.concurrency * 8, "Baraza (warm-up)", true);
  timings?.clear();

  const session = PROFILE ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
  }
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let round = 1; round <= Math.ceil(UPDATES / ROUND); round++) await drive(bot, talk, peopleFor(round, SIZES.concurrency, SIZES.people), ROUND, "Baraza", true);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  if (session && PROFILE) {
    const { profile } = await session.post("Profiler.stop");
    await writeFile(PROFILE, JSON.stringify(profile));
    session.disconnect();
  }
  noErrors(world, "profile");

  const handled = Math.ceil(UPDATES / ROUND) * ROUND;
  process.stdout.write(
    `${handled} updates in ${(ms / 1000).toFixed(1)} s: ${((handled / ms) * 1000).toFixed(1)} updates/s, ${(ms / handled).toFixed(2)} ms each; ` +
      `CPU per update ${(cpu.user / 1000 / handled).toFixed(2)} ms user, ${(cpu.system / 1000 / handled).toFixed(2)} ms system\n`,
  );
  if (PROFILE) process.stdout.write(`CPU profile: ${PROFILE}\n`);
  if (timings) {
    const rows = [...timings].sort((a, b) => b[1].ms - a[1].ms);
    const total = rows.reduce((sum, [, timing]) => sum + timing.ms, 0);
    process.stdout.write(`SQLite calls: ${total.toFixed(0)} ms in all (${(total / handled).toFixed(3)} ms per update); the costliest:\n`);
    for (const [key, timing] of rows.slice(0, 25)) {
      process.stdout.write(`${timing.ms.toFixed(0).padStart(7)} ms ${String(timing.calls).padStart(7)} calls ${((1000 * timing.ms) / timing.calls).toFixed(0).padStart(6)} us mean ${timing.maxMs.toFixed(1).padStart(6)} ms max  ${key}\n`);
    }
  }
} finally {
  await scope.close();
}
