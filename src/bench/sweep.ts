/**
 * The sweep alone, on SQLite: one sweep over SWEEP_ROWS scheduled digests,
 * DUE of them due, spread over GROUPS set-up groups, each with a concern
 * waiting (CONCERNS=1, the default) so that a group's first digest has a
 * message to send, or none (CONCERNS=0, as `npm run bench` has it). Sends
 * are handed to a platform that answers at once, so what is measured is the
 * sweep's own work. Prints the sweep's time per 100 due jobs.
 *
 *   node --import tsx src/bench/sweep.ts
 *   BENCH_SWEEP_ROWS=1000000 BENCH_DUE=10000 BENCH_GROUPS=1 BENCH_CONCERNS=0 node --import tsx src/bench/sweep.ts
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { deliverJobs } from "../flows/jobs.ts";
import type { Outbound } from "../flows/messages.ts";
import type { Deps } from "../flows/turn.ts";
import { loadTexts, LOCALES_DIR } from "../i18n.ts";
import { openDatabase } from "../store/database.ts";
import { createStore } from "../store/store.ts";

const size = (name: string, fallback: number) => Number(process.env[`BENCH_${name}`] ?? fallback);
const SWEEP_ROWS = size("SWEEP_ROWS", 1_000_000);
const DUE = size("DUE", 1_000);
const GROUPS = size("GROUPS", 1_000);
const CONCERNS = size("CONCERNS", 1) === 1;
const NOW = new Date("2026-11-23T02:30:00Z");

/** How Prisma stores a DateTime in SQLite: ISO text with an explicit offset. */
const sqliteTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "baraza-sweep-bench-"));
  try {
    const path = join(dir, "sweep.db");
    const database = await openDatabase(`file:${path}`);
    const store = createStore(database);
    const groupIds = await store.transaction(async (tx) => {
      const ids: number[] = [];
      for (let i = 0; i < GROUPS; i += 1) {
        const group = await tx.groups.create({ platform: "bench", chatId: `g${i}`, locale: "en", timeZone: "Asia/Yangon" });
        await tx.groups.update(group.id, { name: `Group ${i}`, setupAt: NOW });
        if (CONCERNS) await tx.concerns.add({ groupId: group.id, cycleId: (await tx.cycles.current(group.id)).id, text: `Dark road ${i}`, authorId: null, at: NOW });
        ids.push(group.id);
      }
      return ids;
    });
    const sqlite = new Database(path);
    const insert = sqlite.prepare(`INSERT INTO "ScheduledJob" ("kind", "groupId", "dueAt", "payload", "status", "dedupeKey", "attempts") VALUES ('concern-digest', ?, ?, '{}', 'pending', ?, 0)`);
    sqlite.transaction(() => {
      for (let i = 0; i < SWEEP_ROWS; i += 1) {
        const due = i < DUE ? NOW.getTime() - 60_000 : NOW.getTime() + (1 + (i % 365)) * 86_400_000;
        insert.run(groupIds[i % groupIds.length] ?? null, sqliteTime(due), `bench:${i}`);
      }
    })();
    sqlite.close();
    const deps: Deps = {
      store,
      clock: { now: () => NOW },
      texts: loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en" }),
      ids: { code: () => "BENCH" },
      settings: { defaultLocale: "en", defaultTimeZone: "Asia/Yangon", retentionDays: 365 },
      log: { error: (event) => console.error(event) },
    };
    const sent: Outbound[] = [];
    const started = performance.now();
    await deliverJobs(deps, async (message) => void sent.push(message), "bench");
    const ms = performance.now() - started;
    const left = await database.client.scheduledJob.count({ where: { status: { not: "sent" }, dueAt: { lte: NOW } } });
    await database.close();
    console.log(`sweep: ${DUE} due of ${SWEEP_ROWS} in ${GROUPS} groups (concerns ${CONCERNS ? "waiting" : "none"}): ${ms.toFixed(0)} ms, ${((ms / DUE) * 100).toFixed(1)} ms per 100 due, ${sent.length} messages sent, ${left} due left unsent`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
