/**
 * The rows kept between messages on SQLite (src/store/read-cache.ts): every
 * way a kept row can change is seen before the next message reads it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../src/flows/ports.ts";
import { openDatabase, type Database } from "../../src/store/database.ts";
import { classify, ReadCache } from "../../src/store/read-cache.ts";
import { createStore } from "../../src/store/store.ts";
import { freshSqliteUrl, type FreshUrl } from "./databases.ts";

const NOW = new Date("2026-12-01T10:00:00Z");

describe("which statements change what is kept", () => {
  it("takes reads and transaction control for no change", () => {
    for (const sql of ["SELECT `main`.`Group`.`id` FROM `main`.`Group` WHERE 1", "  select 1", "PRAGMA data_version", "BEGIN", "COMMIT", "SAVEPOINT s1", "RELEASE SAVEPOINT s1"]) {
      expect(classify(sql)).toEqual({ kind: "none" });
    }
  });

  it("names the table a write goes to, however it is quoted", () => {
    expect(classify("INSERT INTO `main`.`Person` (`platform`) VALUES (?) RETURNING `id`")).toEqual({ kind: "table", table: "Person" });
    expect(classify('INSERT INTO "ProcessedUpdate" ("platform") VALUES (?) ON CONFLICT DO NOTHING')).toEqual({ kind: "table", table: "ProcessedUpdate" });
    expect(classify("UPDATE `main`.`Group` SET `name` = ? WHERE `id` = ?")).toEqual({ kind: "table", table: "Group" });
    expect(classify('update "Membership" set "leftAt" = ?')).toEqual({ kind: "table", table: "Membership" });
    expect(classify("INSERT OR REPLACE INTO Cycle (id) VALUES (1)")).toEqual({ kind: "table", table: "Cycle" });
    expect(classify("DELETE FROM `main`.`Conversation` WHERE `key` = ?")).toEqual({ kind: "table", table: "Conversation" });
  });

  it("takes a delete from a kept table, and anything it cannot read, for a change to everything", () => {
    // Deleting a person deletes their memberships by cascade.
    expect(classify("DELETE FROM `main`.`Person` WHERE `id` = ?")).toEqual({ kind: "everything" });
    expect(classify("WITH gone AS (SELECT 1) DELETE FROM Membership")).toEqual({ kind: "everything" });
    expect(classify("DROP TABLE Person")).toEqual({ kind: "everything" });
    expect(classify("ROLLBACK")).toEqual({ kind: "everything" });
  });
});

describe("the cache itself", () => {
  it("loads once, and again after a write to a table the value came from", async () => {
    const cache = new ReadCache();
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await cache.read("k", ["Group"], load)).toBe(1);
    expect(await cache.read("k", ["Group"], load)).toBe(1);
    cache.changed({ kind: "table", table: "Conversation" });
    expect(await cache.read("k", ["Group"], load)).toBe(1);
    cache.changed({ kind: "table", table: "Group" });
    expect(await cache.read("k", ["Group"], load)).toBe(2);
  });

  it("does not keep a value read while a change happened", async () => {
    const cache = new ReadCache();
    let loads = 0;
    const racing = () => {
      loads += 1;
      cache.changed({ kind: "table", table: "Membership" });
      return Promise.resolve(loads);
    };
    expect(await cache.read("k", ["Membership"], racing)).toBe(1);
    expect(await cache.read("k", ["Membership"], racing)).toBe(2);
  });

  it("holds at most its limit of entries", async () => {
    const cache = new ReadCache(3);
    for (const key of ["a", "b", "c", "d", "e"]) await cache.read(key, ["Person"], () => Promise.resolve(key));
    expect(cache.size).toBeLessThanOrEqual(3);
  });
});

describe("rows kept between messages on SQLite", () => {
  let fresh: FreshUrl;
  let database: Database;
  let store: Store;
  const others: Database[] = [];

  beforeEach(async () => {
    fresh = await freshSqliteUrl();
    database = await openDatabase(fresh.url);
    store = createStore(database);
  });
  afterEach(async () => {
    for (const other of others.splice(0)) await other.close();
    await database.close();
    await fresh.remove();
  });

  /** What a message would read, in a transaction as every message is handled. */
  const inMessage = <T>(read: (tx: Store) => Promise<T>) => store.transaction(read);

  async function aMember() {
    const group = await store.groups.create({ platform: "test", chatId: "g1", locale: "en", timeZone: "UTC" });
    const person = await store.people.identify("test", "u1", "Aye");
    await store.memberships.join({ groupId: group.id, personId: person.id, consentAt: NOW });
    return { group, person };
  }

  it("keeps rows between messages", async () => {
    await aMember();
    await inMessage((tx) => tx.groups.find("test", "g1"));
    expect(database.cache?.size).toBeGreaterThan(0);
  });

  it("sees a change made through the database client, outside every repository", async () => {
    const { group } = await aMember();
    expect((await inMessage((tx) => tx.groups.find("test", "g1")))?.name).toBeNull();
    await database.client.group.update({ where: { id: group.id }, data: { name: "Ward 4" } });
    expect((await inMessage((tx) => tx.groups.find("test", "g1")))?.name).toBe("Ward 4");
    await database.client.$executeRaw`UPDATE "Group" SET "name" = ${"Ward 5"} WHERE "id" = ${group.id}`;
    expect((await inMessage((tx) => tx.groups.get(group.id)))?.name).toBe("Ward 5");
  });

  it("sees what another process committed to the same file", async () => {
    const { person } = await aMember();
    expect(await inMessage((tx) => tx.programmes.coordinatedBy(person.id))).toEqual([]);
    const other = await openDatabase(fresh.url);
    others.push(other);
    const programme = await createStore(other).programmes.create("North");
    await createStore(other).programmes.addCoordinator(programme.id, person.id);
    expect((await inMessage((tx) => tx.programmes.coordinatedBy(person.id))).map((p) => p.name)).toEqual(["North"]);
  });

  it("lets a message write after another process committed while it was starting", async () => {
    const { group } = await aMember();
    const other = await openDatabase(fresh.url);
    others.push(other);
    await inMessage(async (tx) => {
      // The other process commits after this transaction began, before its first statement.
      await createStore(other).groups.update(group.id, { name: "Ward 4" });
      await tx.groups.update(group.id, { name: "Ward 5" });
    });
    expect((await inMessage((tx) => tx.groups.get(group.id)))?.name).toBe("Ward 5");
  });

  it("forgets what a rolled-back message wrote and read", async () => {
    const { group, person } = await aMember();
    await expect(
      inMessage(async (tx) => {
        await tx.memberships.leave(group.id, person.id, NOW);
        expect((await tx.memberships.get(group.id, person.id))?.leftAt).toEqual(NOW);
        throw new Error("the message failed");
      }),
    ).rejects.toThrow("the message failed");
    expect((await inMessage((tx) => tx.memberships.get(group.id, person.id)))?.leftAt).toBeNull();
    expect((await inMessage((tx) => tx.memberships.groupsOf(person.id))).map((g) => g.id)).toEqual([group.id]);
  });

  it("forgets a membership when its person is deleted, by cascade", async () => {
    const { group, person } = await aMember();
    expect(await inMessage((tx) => tx.memberships.get(group.id, person.id))).not.toBeNull();
    await database.client.person.delete({ where: { id: person.id } });
    expect(await inMessage((tx) => tx.memberships.get(group.id, person.id))).toBeNull();
    expect(await inMessage((tx) => tx.people.find("test", "u1"))).toBeNull();
  });

  it("sees a new cycle once the open one is closed", async () => {
    const { group } = await aMember();
    const first = await inMessage((tx) => tx.cycles.current(group.id, NOW));
    const next = await store.cycles.startNext({ groupId: group.id, cycleId: first.id, at: NOW });
    expect(next).not.toBeNull();
    expect((await inMessage((tx) => tx.cycles.current(group.id, NOW))).number).toBe(first.number + 1);
  });
});
