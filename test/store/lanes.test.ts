/**
 * The lanes on PostgreSQL (src/store/repositories/lanes.ts) wait for an
 * earlier update that another process may hold only when another Baraza is
 * connected to the same schema: a process alone goes straight in. An update
 * waits for one of a lower order announced on its lanes until that one has
 * been handled, and withdraws its own announcement when it is done.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/store/database.ts";
import { Connection } from "../../src/store/repositories/connection.ts";
import { laneKey } from "../../src/store/repositories/lanes.ts";
import { PrismaLanes, SETTLE_MS } from "../../src/store/repositories/lanes.ts";
import { freshPostgresUrl, type FreshUrl } from "./databases.ts";

const opened: { database: Database; fresh: FreshUrl }[] = [];
let mine: { database: Database; fresh: FreshUrl };

async function open(fresh: FreshUrl = freshPostgresUrl()) {
  const entry = { database: await openDatabase(fresh.url), fresh };
  opened.push(entry);
  return entry;
}
beforeEach(async () => {
  mine = await open();
});
afterEach(async () => {
  for (const { database } of opened.splice(0).reverse()) await database.close();
  for (const fresh of new Set([mine.fresh])) await fresh.remove();
});

const LANES = ["telegram:chat:1", "telegram:person:1"];

function lanesOf(database: Database, wait?: (ms: number) => Promise<void>): PrismaLanes {
  return new PrismaLanes(new Connection(database.client, false, database.transact), "postgresql", database.session, wait);
}

/** The waits an ordered update makes queueing on its lanes before its transaction. */
async function waitsQueueing(database: Database): Promise<number[]> {
  const waits: number[] = [];
  const leave = await lanesOf(database, async (ms) => void waits.push(ms)).queue(LANES, 7);
  await leave();
  return waits;
}

/** How many announcements are held on the lanes' keys, by anyone. */
async function announced(database: Database): Promise<number> {
  const rows = await database.client.$queryRawUnsafe<{ held: number }[]>(
    "SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND classid::text::bigint = ANY($1::bigint[])",
    LANES.map(laneKey),
  );
  return rows[0]?.held ?? 0;
}

it("goes straight in when no other Baraza is connected to its schema", async () => {
  expect(await waitsQueueing(mine.database)).toEqual([]);
});

it("waits for an earlier update to announce itself while another Baraza is connected to the same schema", async () => {
  const other = await open({ url: mine.fresh.url, remove: async () => {} });
  expect(await waitsQueueing(mine.database)).toEqual([SETTLE_MS]);
  await other.database.close();
  opened.splice(opened.indexOf(other), 1);
  expect(await waitsQueueing(mine.database)).toEqual([]);
});

it("does not count a Baraza working in another schema", async () => {
  const elsewhere = await open();
  try {
    expect(await waitsQueueing(mine.database)).toEqual([]);
  } finally {
    await elsewhere.database.close();
    opened.splice(opened.indexOf(elsewhere), 1);
    await elsewhere.fresh.remove();
  }
});

it("announces an update until it has been handled, and then withdraws it", async () => {
  const leave = await lanesOf(mine.database).queue(LANES, 7);
  expect(await announced(mine.database)).toBe(LANES.length);
  await leave();
  expect(await announced(mine.database)).toBe(0);
});

it("lets an update in only once an earlier one another process announced on its lanes has been handled", async () => {
  const other = await open({ url: mine.fresh.url, remove: async () => {} });
  const leaveEarlier = await lanesOf(other.database).queue(["telegram:person:1"], 6);
  let entered = false;
  const later = lanesOf(mine.database)
    .queue(LANES, 7)
    .then((leave) => {
      entered = true;
      return leave;
    });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 200));
  expect(entered).toBe(false);
  await leaveEarlier();
  await (await later)();
  expect(entered).toBe(true);
  expect(await announced(mine.database)).toBe(0);
});

it("does not wait for a later update, nor for one on other lanes", async () => {
  const other = await open({ url: mine.fresh.url, remove: async () => {} });
  const leaveLater = await lanesOf(other.database).queue(LANES, 8);
  const leaveElsewhere = await lanesOf(other.database).queue(["telegram:person:2"], 3);
  expect(await waitsQueueing(mine.database)).toEqual([SETTLE_MS]);
  await leaveLater();
  await leaveElsewhere();
});

it("keeps an update alone on its lanes inside its transaction", async () => {
  const order: string[] = [];
  const hold = (name: string, ms: number) =>
    mine.database.client.$transaction(async (tx) => {
      await new PrismaLanes(new Connection(tx, true, mine.database.transact), "postgresql", mine.database.session).enter(LANES);
      order.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      order.push(`${name} out`);
    });
  const first = hold("first", 200);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await Promise.all([first, hold("second", 0)]);
  expect(order).toEqual(["first in", "first out", "second in", "second out"]);
});
