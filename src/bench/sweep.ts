/**
 * The reminder sweep over SWEEP_ROWS scheduled rows, DUE of them due (a
 * concern digest for one group each; the rest due over the next year),
 * loaded with plain SQL: milliseconds per 100 due jobs through
 * `baraza.deliverDue`, beside the bare baseline of plain SQL marking the
 * same rows sent, 100 at a time, one transaction and one UPDATE per 100.
 */
import { performance } from "node:perf_hooks";
import type { Scope } from "../reliability/scope.ts";
import { rawSql, type RawSql } from "./raw-sql.ts";
import { SIZES } from "./sizes.ts";
import { noErrors, NOW, openWorld } from "./world.ts";

export interface SweepFigures {
  msPer100: number;
  msPer100Baseline: number;
}

const DAY_MS = 86_400_000;
const BATCH = 100;
const LOAD_BATCH = 5_000;

export async function sweep(scope: Scope): Promise<SweepFigures> {
  const world = await openWorld(scope, "sweep");
  const group = await world.store.groups.create({ platform: "telegram", chatId: "-1001000000002", locale: "en", timeZone: "Asia/Yangon" });
  await world.store.groups.update(group.id, { name: "Ward 4 Safety Group", setupAt: NOW });
  const sql = await rawSql(scope, world.url);
  await loadJobs(sql, group.id);
  await sql.analyze();

  const started = performance.now();
  let sent = 0;
  for (let handled = await world.baraza.deliverDue(async () => void (sent += 1)); handled > 0; handled = await world.baraza.deliverDue(async () => void (sent += 1))) {
    // Until nothing more is due.
  }
  const sweepMs = performance.now() - started;
  noErrors(world, "sweep");
  const left = await pendingDue(sql);
  if (left !== 0) throw new Error(`sweep: ${left} of ${SIZES.due} due jobs were still pending after the sweep`);

  // The same rows pending again, for the baseline to mark sent.
  await sql.run(`UPDATE "ScheduledJob" SET "status" = 'pending', "claimedAt" = NULL, "claimedBy" = NULL, "outbox" = NULL, "sentAt" = NULL WHERE "dedupeKey" LIKE 'bench:%' AND "dueAt" <= ?`, [sql.time(NOW)]);
  const again = await pendingDue(sql);
  if (again !== SIZES.due) throw new Error(`sweep: ${again} due jobs pending for the baseline, not ${SIZES.due}`);
  const bareStarted = performance.now();
  for (;;) {
    let marked = 0;
    await sql.transaction(async () => {
      const ids = (await sql.all(`SELECT "id" FROM "ScheduledJob" WHERE "status" = 'pending' AND "dueAt" <= ? ORDER BY "dueAt" LIMIT ${BATCH}`, [sql.time(NOW)])).map((row) => Number(row["id"]));
      marked = ids.length;
      if (ids.length > 0) await sql.run(`UPDATE "ScheduledJob" SET "status" = 'sent', "sentAt" = ? WHERE "id" IN (${ids.map(() => "?").join(", ")})`, [sql.time(NOW), ...ids]);
    });
    if (marked === 0) break;
  }
  const bareMs = performance.now() - bareStarted;
  if ((await pendingDue(sql)) !== 0) throw new Error("sweep: the baseline left due jobs pending");
  return { msPer100: (sweepMs / SIZES.due) * BATCH, msPer100Baseline: (bareMs / SIZES.due) * BATCH };
}

async function pendingDue(sql: RawSql): Promise<number> {
  const [row] = await sql.all(`SELECT COUNT(*) AS "n" FROM "ScheduledJob" WHERE "status" = 'pending' AND "dueAt" <= ?`, [sql.time(NOW)]);
  return Number(row?.["n"] ?? -1);
}

/** A bulk load (not measured): DUE rows due a minute ago, the others on the days of the coming year. */
async function loadJobs(sql: RawSql, groupId: number): Promise<void> {
  for (let from = 0; from < SIZES.sweepRows; from += LOAD_BATCH) {
    const rows = Array.from({ length: Math.min(LOAD_BATCH, SIZES.sweepRows - from) }, (_, i) => from + i);
    const values: (string | number)[] = [];
    for (const i of rows) {
      const due = i < SIZES.due ? new Date(NOW.getTime() - 60_000) : new Date(NOW.getTime() + (1 + (i % 365)) * DAY_MS);
      values.push("concern-digest", groupId, sql.time(due), `bench:${i}`);
    }
    await sql.transaction(() => sql.run(`INSERT INTO "ScheduledJob" ("kind", "groupId", "dueAt", "payload", "status", "dedupeKey", "attempts") VALUES ${rows.map(() => "(?, ?, ?, '{}', 'pending', ?, 0)").join(", ")}`, values));
  }
}
