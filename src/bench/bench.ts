/**
 * `npm run bench`: speed and memory, each beside a baseline measured in the
 * same run on the same machine, so the figures mean something anywhere.
 *
 *   inbound   messages per second through the whole pipeline (validation,
 *             de-duplication, identity, conversation state, a domain write,
 *             the reply), against one bare insert per message
 *   latency   p50 and p99 per message at that steady load
 *   sweep     one sweep over SWEEP_ROWS scheduled reminders, DUE of them due,
 *             against one bare UPDATE marking the same rows sent
 *   summary   a coordinator's view of GROUPS groups, against one bare query
 *             counting their tasks
 *   memory    resident set size at rest and after MESSAGES messages
 *
 * Sizes come from the environment (defaults in brackets): BENCH_MESSAGES [100000],
 * BENCH_SWEEP_ROWS [1000000], BENCH_DUE [10000], BENCH_GROUPS [1000]. Everything runs on a
 * fresh SQLite file in a temporary folder.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { createBaraza, type Baraza } from "../flows/baraza.ts";
import type { Store } from "../flows/ports.ts";
import { groupsOverview } from "../flows/summary.ts";
import { openTurn } from "../flows/baraza.ts";
import type { Deps } from "../flows/turn.ts";
import { loadTexts, LOCALES_DIR } from "../i18n.ts";
import { openDatabase } from "../store/database.ts";
import { createStore } from "../store/store.ts";

const size = (name: string, fallback: number) => Number(process.env[`BENCH_${name}`] ?? fallback);
const MESSAGES = size("MESSAGES", 100_000);
const SWEEP_ROWS = size("SWEEP_ROWS", 1_000_000);
const DUE = size("DUE", 10_000);
const GROUPS = size("GROUPS", 1_000);
const NOW = new Date("2026-11-23T02:30:00Z");

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function report(name: string, figures: Record<string, string>): void {
  console.log(`${name.padEnd(9)} ${Object.entries(figures).map(([k, v]) => `${k}: ${v}`).join("   ")}`);
}

async function fresh(dir: string, name: string) {
  const url = `file:${join(dir, `${name}.db`)}`;
  const database = await openDatabase(url);
  const store = createStore(database);
  const deps: Deps = {
    store,
    clock: { now: () => NOW },
    texts: loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en" }),
    ids: { code: () => "BENCH" },
    settings: { defaultLocale: "en", defaultTimeZone: "Asia/Yangon", retentionDays: 365 },
    log: { error: () => undefined },
  };
  return { url, path: join(dir, `${name}.db`), database, store, deps, baraza: createBaraza(deps) };
}

/** A set-up group with a member in step 1, so every stakeholder answer is a conversation step and a domain write. */
async function groupWithMember(store: Store): Promise<void> {
  const group = await store.groups.create({ platform: "bench", chatId: "g", locale: "en", timeZone: "Asia/Yangon" });
  await store.groups.update(group.id, { name: "Bench group", setupAt: NOW });
  const person = await store.people.identify("bench", "p", "P");
  await store.memberships.join({ groupId: group.id, personId: person.id, consentAt: NOW });
}

async function inbound(baraza: Baraza, store: Store): Promise<{ perSecond: number; latencies: number[] }> {
  await groupWithMember(store);
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < MESSAGES; i += 1) {
    // Two messages per stakeholder: the command with a name, then the answer to the stance question.
    const text = i % 2 === 0 ? `/stakeholders add Office ${i}` : "1";
    const before = performance.now();
    await baraza.handle({ platform: "bench", updateId: String(i), chat: { id: "dm-p", kind: "private" }, sender: { id: "p", name: "P" }, text });
    latencies.push(performance.now() - before);
  }
  return { perSecond: MESSAGES / ((performance.now() - started) / 1000), latencies };
}

async function bareInserts(store: Store): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < MESSAGES; i += 1) await store.updates.markProcessed("bare", String(i), NOW);
  return MESSAGES / ((performance.now() - started) / 1000);
}

/** How Prisma stores a DateTime in SQLite: ISO text with an explicit offset. */
const sqliteTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/** Fills the job table with plain SQL (a bulk load, not what is measured). */
function loadJobs(path: string, groupId: number): void {
  const sqlite = new Database(path);
  const insert = sqlite.prepare(`INSERT INTO "ScheduledJob" ("kind", "groupId", "dueAt", "payload", "status", "dedupeKey", "attempts") VALUES (?, ?, ?, '{}', 'pending', ?, 0)`);
  sqlite.transaction(() => {
    for (let i = 0; i < SWEEP_ROWS; i += 1) {
      const due = i < DUE ? NOW.getTime() - 60_000 : NOW.getTime() + (1 + (i % 365)) * 86_400_000;
      insert.run("concern-digest", groupId, sqliteTime(due), `bench:${i}`);
    }
  })();
  sqlite.close();
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "baraza-bench-"));
  try {
    console.log(`Baraza benchmark — MESSAGES=${MESSAGES} SWEEP_ROWS=${SWEEP_ROWS} DUE=${DUE} GROUPS=${GROUPS}, SQLite, Node ${process.version}`);
    const pipeline = await fresh(dir, "pipeline");
    global.gc?.();
    const atRest = process.memoryUsage().rss;
    const { perSecond, latencies } = await inbound(pipeline.baraza, pipeline.store);
    global.gc?.();
    const afterMessages = process.memoryUsage().rss;
    const bare = await bareInserts(pipeline.store);
    latencies.sort((a, b) => a - b);
    report("inbound", { pipeline: `${perSecond.toFixed(0)} msg/s`, "baseline (one insert)": `${bare.toFixed(0)} msg/s`, ratio: `${(bare / perSecond).toFixed(1)}×` });
    report("latency", { p50: `${percentile(latencies, 50).toFixed(2)} ms`, p99: `${percentile(latencies, 99).toFixed(2)} ms` });
    report("memory", { "at rest": mb(atRest), [`after ${MESSAGES} messages`]: mb(afterMessages) });
    await pipeline.database.close();

    const sweep = await fresh(dir, "sweep");
    const group = await sweep.store.groups.create({ platform: "bench", chatId: "g", locale: "en", timeZone: "Asia/Yangon" });
    loadJobs(sweep.path, group.id);
    let started = performance.now();
    await sweep.baraza.deliverDue(async () => undefined);
    const sweepMs = performance.now() - started;
    const sqlite = new Database(sweep.path);
    sqlite.prepare(`UPDATE "ScheduledJob" SET "status" = 'pending', "claimedBy" = NULL, "outbox" = NULL WHERE "dedupeKey" LIKE 'bench:%' AND "dueAt" <= ?`).run(sqliteTime(NOW.getTime()));
    started = performance.now();
    sqlite.prepare(`UPDATE "ScheduledJob" SET "status" = 'sent' WHERE "status" = 'pending' AND "dueAt" <= ?`).run(sqliteTime(NOW.getTime()));
    const bareSweepMs = performance.now() - started;
    sqlite.close();
    report("sweep", { [`${DUE} due of ${SWEEP_ROWS}`]: `${sweepMs.toFixed(0)} ms`, "per job": `${(sweepMs / DUE).toFixed(2)} ms`, "baseline (one UPDATE)": `${bareSweepMs.toFixed(0)} ms` });
    await sweep.database.close();

    const summary = await fresh(dir, "summary");
    const programme = await summary.store.programmes.create("Bench");
    const coordinator = await summary.store.people.identify("bench", "c", "C");
    await summary.store.programmes.addCoordinator(programme.id, coordinator.id);
    await summary.database.client.group.createMany({
      data: Array.from({ length: GROUPS }, (_, i) => ({ platform: "bench", chatId: `g${i}`, locale: "en", timeZone: "Asia/Yangon", name: `Group ${i}`, programmeId: programme.id, setupAt: NOW })),
    });
    const turn = await openTurn(summary.deps, summary.store, { platform: "bench", chat: { id: "dm-c", kind: "private" }, sender: { id: "c", name: "C" }, text: "/groups" }, coordinator, null);
    started = performance.now();
    await groupsOverview(turn);
    const summaryMs = performance.now() - started;
    started = performance.now();
    await summary.database.client.$queryRawUnsafe(`SELECT g."id", COUNT(t."id") AS tasks FROM "Group" g LEFT JOIN "ActionPlan" p ON p."groupId" = g."id" LEFT JOIN "Task" t ON t."planId" = p."id" GROUP BY g."id"`);
    const bareSummaryMs = performance.now() - started;
    report("summary", { [`${GROUPS} groups`]: `${summaryMs.toFixed(0)} ms`, "baseline (one query)": `${bareSummaryMs.toFixed(0)} ms` });
    await summary.database.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
