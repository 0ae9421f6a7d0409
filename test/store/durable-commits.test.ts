/**
 * SQLite commits are synced off the event loop (src/store/wal-sync.ts): a
 * commit is reported only once it is on disk, and the next message does not
 * wait for that disk.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sqliteFactory } from "../../src/store/adapters.ts";
import { PrismaClient } from "../../src/store/generated/sqlite/client.ts";
import { coalesced, walSync, type Durable } from "../../src/store/wal-sync.ts";
import { migratedSqliteUrl, type FreshUrl } from "./databases.ts";

/** A disk that syncs only when the test says so. */
class Disk {
  private waiting: (() => void)[] = [];
  syncs = 0;
  readonly durable: Durable = () => {
    this.syncs += 1;
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  };
  /** Finishes every sync asked for so far. */
  sync(): void {
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

describe("commits on SQLite", () => {
  let fresh: FreshUrl;
  let disk: Disk;
  let client: PrismaClient;

  beforeEach(async () => {
    fresh = await migratedSqliteUrl();
    disk = new Disk();
    client = new PrismaClient({ adapter: sqliteFactory(fresh.url, { durable: disk.durable }) });
    await client.$connect();
  });
  afterEach(async () => {
    disk.sync();
    await client.$disconnect();
    await fresh.remove();
  });

  const processed = (updateId: string) => ({ data: { platform: "test", updateId } });

  it("reports a transaction's commit only once it is on disk, and runs the next transaction meanwhile", async () => {
    const first = client.$transaction((tx) => tx.processedUpdate.create(processed("1")));
    expect(await settled(first)).toBe(false);
    const second = client.$transaction((tx) => tx.processedUpdate.create(processed("2")));
    expect(await settled(second)).toBe(false);
    // Both committed (the connection was handed on): a read sees them, without waiting for the disk.
    expect(await client.processedUpdate.count()).toBe(2);
    expect(disk.syncs).toBe(2);
    disk.sync();
    await expect(first).resolves.toMatchObject({ updateId: "1" });
    await expect(second).resolves.toMatchObject({ updateId: "2" });
  });

  it("reports a write outside a transaction only once it is on disk", async () => {
    const write = client.processedUpdate.create(processed("1"));
    expect(await settled(write)).toBe(false);
    disk.sync();
    await expect(write).resolves.toMatchObject({ updateId: "1" });
  });

  it("does not wait for the disk to report a rollback or a read", async () => {
    const failed = client.$transaction(async (tx) => {
      await tx.processedUpdate.create(processed("1"));
      throw new Error("the handler failed");
    });
    await expect(failed).rejects.toThrow("the handler failed");
    expect(await client.processedUpdate.findMany()).toEqual([]);
    expect(disk.syncs).toBe(0);
  });

  it("tells the writer when the disk failed", async () => {
    await client.$disconnect();
    client = new PrismaClient({ adapter: sqliteFactory(fresh.url, { durable: () => Promise.reject(new Error("I/O error")) }) });
    await expect(client.$transaction((tx) => tx.processedUpdate.create(processed("1")))).rejects.toThrow("I/O error");
  });
});

describe("syncing the write-ahead log", () => {
  it("makes each caller wait for a sync begun after it asked; callers during a sync share the next one", async () => {
    const syncs: (() => void)[] = [];
    const durable = coalesced(() => new Promise<void>((resolve) => syncs.push(resolve)));
    const first = durable();
    expect(syncs).toHaveLength(1);
    // Asked while the first sync runs: it may have begun before their writes.
    const second = durable();
    const third = durable();
    expect(syncs).toHaveLength(1);
    syncs[0]?.();
    await first;
    expect(await settled(second)).toBe(false);
    expect(syncs).toHaveLength(2);
    syncs[1]?.();
    await Promise.all([second, third]);
    expect(syncs).toHaveLength(2);
  });

  it("fails the callers of a failed sync, and syncs again for the next", async () => {
    let fail = true;
    const durable = coalesced(() => (fail ? Promise.reject(new Error("I/O error")) : Promise.resolve()));
    await expect(durable()).rejects.toThrow("I/O error");
    fail = false;
    await expect(durable()).resolves.toBeUndefined();
  });

  it("syncs a real database's log, and fails where there is no log to sync", async () => {
    const fresh = await migratedSqliteUrl();
    const client = new PrismaClient({ adapter: sqliteFactory(fresh.url) });
    try {
      await client.$transaction((tx) => tx.processedUpdate.create({ data: { platform: "test", updateId: "1" } }));
      const log = walSync(fresh.url.slice("file:".length));
      await expect(log.durable()).resolves.toBeUndefined();
      await expect(log.durable()).resolves.toBeUndefined();
      await log.close();
      const missing = walSync(`${fresh.url.slice("file:".length)}.missing`);
      await expect(missing.durable()).rejects.toThrow(/ENOENT/);
      await missing.close();
    } finally {
      await client.$disconnect();
      await fresh.remove();
    }
  });
});
