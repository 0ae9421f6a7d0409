/**
 * The lanes on PostgreSQL (src/store/repositories/lanes.ts) wait for an
 * earlier update that another process may hold only when another Baraza is
 * connected to the same schema: a process alone goes straight in.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/store/database.ts";
import { Connection } from "../../src/store/repositories/connection.ts";
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

/** The waits an ordered update makes entering its lanes in a message's transaction. */
async function waitsEntering(database: Database): Promise<number[]> {
  const waits: number[] = [];
  await database.client.$transaction((tx) => new PrismaLanes(new Connection(tx, true), "postgresql", async (ms) => void waits.push(ms)).enter(["telegram:chat:1", "telegram:person:1"], 7));
  return waits;
}

it("goes straight in when no other Baraza is connected to its schema", async () => {
  expect(await waitsEntering(mine.database)).toEqual([]);
});

it("waits for an earlier update to announce itself while another Baraza is connected to the same schema", async () => {
  const other = await open({ url: mine.fresh.url, remove: async () => {} });
  expect(await waitsEntering(mine.database)).toEqual([SETTLE_MS]);
  await other.database.close();
  opened.splice(opened.indexOf(other), 1);
  expect(await waitsEntering(mine.database)).toEqual([]);
});

it("does not count a Baraza working in another schema", async () => {
  const elsewhere = await open();
  try {
    expect(await waitsEntering(mine.database)).toEqual([]);
  } finally {
    await elsewhere.database.close();
    opened.splice(opened.indexOf(elsewhere), 1);
    await elsewhere.fresh.remove();
  }
});
