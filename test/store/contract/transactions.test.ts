import { describe, expect, it } from "vitest";
import { aGroupInCycle, aPerson, at, describeStore, unique } from "./fixtures.ts";

describeStore("transactions, updates, conversations and audit", (context) => {
  describe("processed updates", () => {
    it("records an update once: a redelivery answers false", async () => {
      const { store } = context();
      const id = unique("update");
      expect(await store.updates.markProcessed("telegram", id, at("2025-01-01T00:00:00Z"))).toBe(true);
      expect(await store.updates.markProcessed("telegram", id, at("2025-01-01T00:00:05Z"))).toBe(false);
      expect(await store.updates.markProcessed("slack", id, at("2025-01-01T00:00:05Z"))).toBe(true);
    });

    it("forgets an update whose handling failed, so the redelivery is handled", async () => {
      const { store, client } = context();
      const id = unique("update");
      await expect(
        store.transaction(async (tx) => {
          await tx.updates.markProcessed("telegram", id, at("2025-01-01T00:00:00Z"));
          throw new Error("the handler failed");
        }),
      ).rejects.toThrow("the handler failed");
      expect(await client.processedUpdate.count({ where: { updateId: id } })).toBe(0);
      expect(await store.updates.markProcessed("telegram", id, at("2025-01-01T00:01:00Z"))).toBe(true);
    });

    it("answers a redelivery inside a transaction with false and lets the transaction commit its other writes", async () => {
      const { store } = context();
      const id = unique("update");
      await store.updates.markProcessed("telegram", id, at("2025-01-01T00:00:00Z"));
      const key = unique("conversation");
      const fresh = await store.transaction(async (tx) => {
        const result = await tx.updates.markProcessed("telegram", id, at("2025-01-01T00:00:05Z"));
        await tx.conversations.save(key, { flow: "concern", state: { step: 1 } }, at("2025-01-01T00:00:05Z"));
        return result;
      });
      expect(fresh).toBe(false);
      expect(await store.conversations.get(key)).toEqual({ flow: "concern", state: { step: 1 } });
    });

    it("lets one of two workers receiving the same update at once handle it", async () => {
      const { store, secondWorker } = context();
      const other = await secondWorker();
      const id = unique("update");
      const results = await Promise.all([
        store.transaction((tx) => tx.updates.markProcessed("telegram", id, at("2025-01-01T00:00:00Z"))),
        other.transaction((tx) => tx.updates.markProcessed("telegram", id, at("2025-01-01T00:00:00Z"))),
      ]);
      expect(results.sort()).toEqual([false, true]);
    });

    it("keeps a write made outside a transaction while another message's transaction rolls back", async () => {
      const { store, client } = context();
      const kept = unique("update");
      let fail: () => void = () => {};
      const failing = new Promise<void>((resolve) => (fail = resolve));
      let opened: () => void = () => {};
      const open = new Promise<void>((resolve) => (opened = resolve));
      const rolledBack = store
        .transaction(async (tx) => {
          await tx.updates.markProcessed("telegram", unique("update"), at("2025-01-01T00:00:00Z"));
          opened();
          await failing;
          throw new Error("the handler failed");
        })
        .catch(() => "rolled back");
      await open;
      // Sent while the other transaction is open (SQLite makes it wait its turn).
      const outside = store.updates.markProcessed("telegram", kept, at("2025-01-01T00:00:01Z"));
      await new Promise((resolve) => setTimeout(resolve, 20));
      fail();
      expect(await rolledBack).toBe("rolled back");
      expect(await outside).toBe(true);
      expect(await client.processedUpdate.count({ where: { updateId: kept } })).toBe(1);
    });
  });

  describe("transactions", () => {
    it("lands all of a transaction's writes, or none", async () => {
      const { store } = context();
      const { group, cycleId } = await aGroupInCycle(store);
      await expect(
        store.transaction(async (tx) => {
          await tx.concerns.add({ groupId: group.id, cycleId, text: "lost", authorId: null, at: at("2025-01-05T09:00:00Z") });
          throw new Error("the handler failed");
        }),
      ).rejects.toThrow();
      expect(await store.concerns.list(group.id, ["open"])).toEqual([]);

      const added = await store.transaction((tx) =>
        tx.concerns.add({ groupId: group.id, cycleId, text: "kept", authorId: null, at: at("2025-01-05T09:00:00Z") }),
      );
      expect(added.number).toBe(1);
      expect(await store.concerns.list(group.id, ["open"])).toEqual([added]);
    });

    it("runs a transaction started inside another as part of it", async () => {
      const { store } = context();
      const { group, cycleId } = await aGroupInCycle(store);
      await expect(
        store.transaction(async (outer) => {
          await outer.transaction((inner) =>
            inner.concerns.add({ groupId: group.id, cycleId, text: "inner", authorId: null, at: at("2025-01-05T09:00:00Z") }),
          );
          throw new Error("the outer handler failed");
        }),
      ).rejects.toThrow();
      expect(await store.concerns.list(group.id, ["open"])).toEqual([]);
    });
  });

  describe("conversations", () => {
    it("saves, replaces and clears a conversation's state", async () => {
      const { store } = context();
      const key = unique("telegram:chat:person");
      expect(await store.conversations.get(key)).toBeNull();
      await store.conversations.save(key, { flow: "plan", state: { step: "problem", answers: ["a"] } }, at("2025-01-01T00:00:00Z"));
      expect(await store.conversations.get(key)).toEqual({ flow: "plan", state: { step: "problem", answers: ["a"] } });
      await store.conversations.save(key, { flow: "plan", state: { step: "steps" } }, at("2025-01-01T00:01:00Z"));
      expect(await store.conversations.get(key)).toEqual({ flow: "plan", state: { step: "steps" } });
      await store.conversations.clear(key);
      expect(await store.conversations.get(key)).toBeNull();
      await store.conversations.clear(key);
    });

    it("refuses to hand back a state that is not a JSON object", async () => {
      const { store, client } = context();
      const key = unique("telegram:chat:person");
      await client.conversation.create({ data: { key, flow: "plan", state: "[1, 2]" } });
      await expect(store.conversations.get(key)).rejects.toThrow(/Conversation \d+ state/);
    });
  });

  describe("audit log", () => {
    it("stores who changed what, with its details as JSON", async () => {
      const { store, client } = context();
      const { group } = await aGroupInCycle(store);
      const actor = await aPerson(store);
      await store.audit.record({ at: at("2025-01-10T09:00:00Z"), actorId: actor.id, groupId: group.id, action: "step.move", entity: "cycle", entityId: 4, details: { from: 1, to: 2 } });
      await store.audit.record({ at: at("2025-01-10T09:01:00Z"), actorId: null, groupId: group.id, action: "concern.add", entity: "concern", entityId: null });
      const entries = await client.auditEntry.findMany({ where: { groupId: group.id }, orderBy: { id: "asc" } });
      expect(entries).toMatchObject([
        { at: at("2025-01-10T09:00:00Z"), actorId: actor.id, action: "step.move", entity: "cycle", entityId: 4 },
        { actorId: null, action: "concern.add", details: "{}" },
      ]);
      expect(JSON.parse(entries[0]?.details ?? "")).toEqual({ from: 1, to: 2 });
    });
  });
});
