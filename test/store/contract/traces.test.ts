/**
 * What the store keeps of when and by whom, where that could point at the
 * author of an anonymous concern: times kept coarse, rows not rewritten
 * when nothing changed, and, on SQLite, no earlier page image left behind.
 */
import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sqlitePath } from "../../../src/store/adapters.ts";
import { aGroupInCycle, aPerson, at, describeStore, unique } from "./fixtures.ts";

describeStore("traces", (context) => {
  describe("times", () => {
    it("keeps a concern's time to the hour, no finer than the digest that shows it", async () => {
      const { store } = context();
      const { group, cycleId } = await aGroupInCycle(store);
      const concern = await store.concerns.add({ groupId: group.id, cycleId, text: "Dark road", authorId: null, at: at("2025-03-01T08:47:13.512Z") });
      expect(concern.createdAt).toEqual(at("2025-03-01T08:00:00Z"));
    });

    it("records a handled update with its hour only, and forgets records older than asked", async () => {
      const { store, client } = context();
      const old = unique("update");
      const recent = unique("update");
      await store.updates.markProcessed("test", old, at("2025-03-01T08:47:13Z"));
      await store.updates.markProcessed("test", recent, at("2025-03-02T09:10:00Z"));
      expect((await client.processedUpdate.findFirstOrThrow({ where: { updateId: old } })).at).toEqual(at("2025-03-01T08:00:00Z"));
      expect(await store.updates.forgetBefore(at("2025-03-02T09:00:00Z"))).toBeGreaterThanOrEqual(1);
      expect(await client.processedUpdate.count({ where: { updateId: { in: [old, recent] } } })).toBe(1);
      // Forgotten, an update counts as new again: platforms no longer redeliver it by then.
      expect(await store.updates.markProcessed("test", recent, at("2025-03-02T09:30:00Z"))).toBe(false);
    });

    it("keeps a group's last activity to the day, and writes it once a day", async () => {
      const { store, client } = context();
      const { group } = await aGroupInCycle(store);
      await store.groups.touch(group, at("2099-03-01T08:47:13Z"));
      expect((await client.group.findUniqueOrThrow({ where: { id: group.id } })).lastActivityAt).toEqual(at("2099-03-01T00:00:00Z"));
      const version = await rowVersion(context, "Group", group.id);
      // Whether the caller's copy of the group is the one read before the mark (stale) or after it.
      await store.groups.touch(group, at("2099-03-01T21:00:00Z"));
      await store.groups.touch((await store.groups.get(group.id)) ?? group, at("2099-03-01T22:00:00Z"));
      expect(await rowVersion(context, "Group", group.id)).toBe(version);
      await store.groups.touch(group, at("2099-03-02T01:00:00Z"));
      expect((await client.group.findUniqueOrThrow({ where: { id: group.id } })).lastActivityAt).toEqual(at("2099-03-02T00:00:00Z"));
    });
  });

  describe("rows left alone", () => {
    it("does not rewrite a person's row when they write again under the same name", async () => {
      const { store } = context();
      const person = await aPerson(store, "Thida");
      const version = await rowVersion(context, "Person", person.id);
      await store.people.identify("test", person.platformUserId, "Thida");
      expect(await rowVersion(context, "Person", person.id)).toBe(version);
      await store.people.identify("test", person.platformUserId, "Thida Aye");
      expect(await rowVersion(context, "Person", person.id)).not.toBe(version);
    });
  });

  it("on SQLite, leaves no write-ahead log behind once traces are forgotten", async () => {
    const { store, database } = context();
    if (database.provider !== "sqlite") return;
    const person = await aPerson(store, "Wal");
    await store.conversations.save(`test:dm:${person.id}`, { flow: "concern", state: { step: "text" } }, at("2025-03-01T08:00:00Z"));
    await store.conversations.clear(`test:dm:${person.id}`);
    expect(statSync(`${sqlitePath(database.url)}-wal`).size).toBeGreaterThan(0);
    await store.forgetTraces();
    expect(statSync(`${sqlitePath(database.url)}-wal`).size).toBe(0);
  });
});

/**
 * A token that changes whenever the row is written: PostgreSQL's xmin (the
 * id of the transaction that wrote the row's current version); on SQLite,
 * the connection's count of changed rows, as no row keeps a version.
 */
async function rowVersion(context: () => { database: { provider: string }; client: import("../../../src/store/database.ts").Db }, table: string, id: number): Promise<string> {
  const { database, client } = context();
  if (database.provider === "postgresql") {
    const [row] = await client.$queryRawUnsafe<{ xmin: string }[]>(`SELECT xmin::text AS xmin FROM "${table}" WHERE id = $1`, id);
    return row?.xmin ?? "";
  }
  const [row] = await client.$queryRawUnsafe<{ changes: bigint | number }[]>("SELECT total_changes() AS changes");
  return String(row?.changes ?? "");
}
