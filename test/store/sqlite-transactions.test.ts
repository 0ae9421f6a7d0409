/**
 * SQLite transactions begun and ended on the connection, their work done by a
 * client of their own (src/store/adapters.ts, `sqliteAdapters`): what the
 * work wrote lands together or not at all, nobody else's statement runs
 * inside one, a stuck one is rolled back and the connection handed on, and
 * a commit is reported only once it is on disk.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sqliteAdapters, NotInTransactionError, type SqliteAdapters, type TransactionBounds } from "../../src/store/adapters.ts";
import { PrismaClient } from "../../src/store/generated/sqlite/client.ts";
import { ReadCache } from "../../src/store/read-cache.ts";
import type { Durable } from "../../src/store/wal-sync.ts";
import { migratedSqliteUrl, type FreshUrl } from "./databases.ts";

const BOUNDS: TransactionBounds = { maxWait: 5_000, timeout: 5_000 };

/** A disk that syncs at once, or, once held, only when the test says so. */
class Disk {
  private waiting: (() => void)[] = [];
  held = false;
  readonly durable: Durable = () => (this.held ? new Promise<void>((resolve) => this.waiting.push(resolve)) : Promise.resolve());
  release(): void {
    this.held = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/** Whether `promise` has settled, after everything already queued has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 30));
  return done;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("SQLite transactions on the connection", () => {
  let fresh: FreshUrl;
  let disk: Disk;
  let cache: ReadCache;
  let adapters: SqliteAdapters;
  let root: PrismaClient;
  let inside: PrismaClient;
  const transact = <R,>(work: (tx: PrismaClient) => Promise<R>, bounds = BOUNDS) => adapters.transactions.run(() => work(inside), bounds);
  const processed = (updateId: string) => ({ data: { platform: "test", updateId } });
  const stored = async () => (await root.processedUpdate.findMany({ orderBy: { updateId: "asc" } })).map((row) => row.updateId);

  beforeEach(async () => {
    fresh = await migratedSqliteUrl();
    disk = new Disk();
    cache = new ReadCache();
    adapters = sqliteAdapters(fresh.url, { durable: disk.durable, cache });
    root = new PrismaClient({ adapter: adapters.factory });
    await root.$connect();
    inside = new PrismaClient({ adapter: adapters.transactions.inside });
    await inside.$connect();
  });
  afterEach(async () => {
    disk.release();
    await inside.$disconnect();
    await root.$disconnect();
    await fresh.remove();
  });

  it("commits what the work wrote, and rolls all of it back when the work throws", async () => {
    await transact(async (tx) => {
      await tx.processedUpdate.create(processed("1"));
      await tx.$executeRaw`INSERT INTO "ProcessedUpdate" ("platform", "updateId", "at") VALUES ('test', '2', ${new Date()})`;
    });
    const failing = transact(async (tx) => {
      await tx.processedUpdate.create(processed("3"));
      await tx.processedUpdate.create(processed("4"));
      throw new Error("the work failed");
    });
    await expect(failing).rejects.toThrow("the work failed");
    expect(await stored()).toEqual(["1", "2"]);
  });

  it("undoes a nested transaction that fails, and keeps the rest of the work", async () => {
    await transact(async (tx) => {
      await tx.processedUpdate.create(processed("1"));
      await expect(
        tx.$transaction(async (nested) => {
          await nested.processedUpdate.create(processed("2"));
          throw new Error("nested failed");
        }),
      ).rejects.toThrow("nested failed");
      await tx.$transaction(async (nested) => nested.processedUpdate.create(processed("3")));
      // A unique violation fails the statement alone: the transaction goes on.
      await expect(tx.processedUpdate.create(processed("1"))).rejects.toMatchObject({ code: "P2002" });
    });
    expect(await stored()).toEqual(["1", "3"]);
  });

  it("keeps a statement sent outside the transaction out of it: it waits, and is not undone with it", async () => {
    let outside: Promise<unknown> | undefined;
    const failing = transact(async (tx) => {
      await tx.processedUpdate.create(processed("1"));
      outside = root.processedUpdate.create(processed("outside"));
      expect(await settled(outside)).toBe(false);
      throw new Error("the work failed");
    });
    await expect(failing).rejects.toThrow("the work failed");
    await outside;
    expect(await stored()).toEqual(["outside"]);
  });

  it("runs transactions one after another", async () => {
    const order: string[] = [];
    const work = (name: string) =>
      transact(async (tx) => {
        order.push(`${name} in`);
        await tx.processedUpdate.create(processed(name));
        await sleep(20);
        order.push(`${name} out`);
      });
    await Promise.all([work("a"), work("b"), work("c")]);
    expect(order).toEqual(["a in", "a out", "b in", "b out", "c in", "c out"]);
    expect(await stored()).toEqual(["a", "b", "c"]);
  });

  it("reports a commit only once it is on disk, and lets the next transaction run meanwhile", async () => {
    disk.held = true;
    const first = transact((tx) => tx.processedUpdate.create(processed("1")));
    expect(await settled(first)).toBe(false);
    const second = transact((tx) => tx.processedUpdate.create(processed("2")));
    expect(await settled(second)).toBe(false);
    expect(await stored()).toEqual(["1", "2"]);
    disk.release();
    await Promise.all([first, second]);
  });

  it("rolls back a transaction that outruns its time, fails its later statements, and hands the connection on", async () => {
    let late: Promise<unknown> | undefined;
    const stuck = transact(
      async (tx) => {
        await tx.processedUpdate.create(processed("stuck"));
        await sleep(300);
        late = tx.processedUpdate.create(processed("late"));
        await late;
      },
      { maxWait: 5_000, timeout: 100 },
    );
    const next = transact((tx) => tx.processedUpdate.create(processed("next")));
    await expect(stuck).rejects.toBeInstanceOf(Error);
    await expect(late).rejects.toThrow(/ran out of time|outside a transaction/);
    await next;
    expect(await stored()).toEqual(["next"]);
  });

  it("gives up waiting for the connection after maxWait, and the connection still passes on", async () => {
    let finish = () => {};
    const holding = transact(async (tx) => {
      await tx.processedUpdate.create(processed("holding"));
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await sleep(10);
    const impatient = transact((tx) => tx.processedUpdate.create(processed("impatient")), { maxWait: 50, timeout: 5_000 });
    await expect(impatient).rejects.toThrow(/waited more than 50 ms/);
    finish();
    await holding;
    await transact((tx) => tx.processedUpdate.create(processed("after")));
    expect(await stored()).toEqual(["after", "holding"]);
  });

  it("refuses the transactions' client outside a transaction, writing nothing", async () => {
    await expect(inside.processedUpdate.create(processed("stray"))).rejects.toThrow();
    await transact(async () => undefined);
    await expect(inside.processedUpdate.create(processed("stray"))).rejects.toThrow();
    expect(await stored()).toEqual([]);
    expect(NotInTransactionError.name).toBe("NotInTransactionError");
  });

  it("forgets kept rows when the work is rolled back", async () => {
    const person = await root.person.create({ data: { platform: "test", platformUserId: "1", displayName: "Aye" } });
    let loads = 0;
    const read = () => cache.read(`person:${person.id}`, ["Person"], async () => (loads += 1));
    await transact(async (tx) => {
      await read();
      await tx.person.update({ where: { id: person.id }, data: { displayName: "Aye Aye" } });
    });
    await read();
    await expect(
      transact(async () => {
        await read();
        throw new Error("the work failed");
      }),
    ).rejects.toThrow();
    await read();
    expect(loads).toBe(3);
  });
});
