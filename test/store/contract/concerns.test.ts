import { describe, expect, it } from "vitest";
import { aGroupInCycle, aPerson, at, describeStore, opened, aNewVote } from "./fixtures.ts";

describeStore("concerns and priorities", (context) => {
  describe("concerns", () => {
    it("stores an anonymous concern with no link to its author, in the row itself", async () => {
      const { store, client } = context();
      const { group, cycleId } = await aGroupInCycle(store);
      const concern = await store.concerns.add({ groupId: group.id, cycleId, text: "Armed men at the checkpoint", authorId: null, at: at("2025-01-05T09:00:00Z") });
      expect(concern).toMatchObject({ authorId: null, status: "open", number: 1, createdAt: at("2025-01-05T09:00:00Z"), announcedAt: null });

      const rows = await client.$queryRaw<{ authorId: number | null }[]>`SELECT "authorId" FROM "Concern" WHERE "id" = ${concern.id}`;
      expect(rows).toEqual([{ authorId: null }]);
    });

    it("keeps the author of a concern raised openly", async () => {
      const { store } = context();
      const { group, cycleId } = await aGroupInCycle(store);
      const author = await aPerson(store);
      const concern = await store.concerns.add({ groupId: group.id, cycleId, text: "No street lights", authorId: author.id, at: at("2025-01-05T09:00:00Z") });
      expect((await store.concerns.get(group.id, concern.number))?.authorId).toBe(author.id);
    });

    it("numbers concerns 1, 2, 3 within each group", async () => {
      const { store } = context();
      const first = await aGroupInCycle(store);
      const second = await aGroupInCycle(store);
      const add = (target: { group: { id: number }; cycleId: number }, text: string) =>
        store.concerns.add({ groupId: target.group.id, cycleId: target.cycleId, text, authorId: null, at: at("2025-01-05T09:00:00Z") });
      expect((await add(first, "a")).number).toBe(1);
      expect((await add(first, "b")).number).toBe(2);
      expect((await add(second, "c")).number).toBe(1);
      expect((await add(first, "d")).number).toBe(3);
    });

    it("gives concerns raised at the same moment different numbers", async () => {
      const { store, secondWorker } = context();
      const other = await secondWorker();
      const { group, cycleId } = await aGroupInCycle(store);
      const texts = ["a", "b", "c", "d", "e", "f"];
      const added = await Promise.all(
        texts.map((text, index) =>
          (index % 2 === 0 ? store : other).concerns.add({ groupId: group.id, cycleId, text, authorId: null, at: at("2025-01-05T09:00:00Z") }),
        ),
      );
      expect(added.map((concern) => concern.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it("lists the concerns with the asked statuses, by number", async () => {
      const { store } = context();
      const { group, cycleId } = await aGroupInCycle(store);
      const [a, b, c] = [
        await store.concerns.add({ groupId: group.id, cycleId, text: "a", authorId: null, at: at("2025-01-05T09:00:00Z") }),
        await store.concerns.add({ groupId: group.id, cycleId, text: "b", authorId: null, at: at("2025-01-05T09:00:00Z") }),
        await store.concerns.add({ groupId: group.id, cycleId, text: "c", authorId: null, at: at("2025-01-05T09:00:00Z") }),
      ];
      await store.concerns.setStatus([b.id], "closed");
      expect((await store.concerns.list(group.id, ["open"])).map((concern) => concern.text)).toEqual(["a", "c"]);
      expect((await store.concerns.list(group.id, ["closed", "open"])).map((concern) => concern.id)).toEqual([a.id, b.id, c.id]);
      expect(await store.concerns.get(group.id, 9)).toBeNull();
    });

    it("merges one open concern into another, keeping both texts", async () => {
      const { store } = context();
      const { group, cycleId } = await aGroupInCycle(store);
      const into = await store.concerns.add({ groupId: group.id, cycleId, text: "Dark road to the market", authorId: null, at: at("2025-01-05T09:00:00Z") });
      const merged = await store.concerns.add({ groupId: group.id, cycleId, text: "No lights near the school", authorId: null, at: at("2025-01-05T09:01:00Z") });

      const result = await store.concerns.merge(group.id, into.number, merged.number);
      expect(result).toMatchObject({ id: into.id, status: "open", text: "Dark road to the market\nNo lights near the school" });
      expect(await store.concerns.get(group.id, merged.number)).toMatchObject({ status: "merged", mergedIntoId: into.id, text: "No lights near the school" });
    });

    it("refuses to merge a concern into itself, an unknown one, or one that is no longer open", async () => {
      const { store } = context();
      const { group, cycleId } = await aGroupInCycle(store);
      const a = await store.concerns.add({ groupId: group.id, cycleId, text: "a", authorId: null, at: at("2025-01-05T09:00:00Z") });
      const b = await store.concerns.add({ groupId: group.id, cycleId, text: "b", authorId: null, at: at("2025-01-05T09:00:00Z") });
      const c = await store.concerns.add({ groupId: group.id, cycleId, text: "c", authorId: null, at: at("2025-01-05T09:00:00Z") });
      expect(await store.concerns.merge(group.id, a.number, a.number)).toBeNull();
      expect(await store.concerns.merge(group.id, a.number, 99)).toBeNull();
      expect(await store.concerns.merge(group.id, a.number, b.number)).not.toBeNull();
      expect(await store.concerns.merge(group.id, c.number, b.number)).toBeNull();
      expect(await store.concerns.merge(group.id, b.number, c.number)).toBeNull();
      expect(await store.concerns.get(group.id, c.number)).toMatchObject({ status: "open", text: "c" });
    });

    it("lets only the first of two crossing merges land", async () => {
      const { store, secondWorker } = context();
      const other = await secondWorker();
      const { group, cycleId } = await aGroupInCycle(store);
      const a = await store.concerns.add({ groupId: group.id, cycleId, text: "a", authorId: null, at: at("2025-01-05T09:00:00Z") });
      const b = await store.concerns.add({ groupId: group.id, cycleId, text: "b", authorId: null, at: at("2025-01-05T09:00:00Z") });
      const results = await Promise.all([store.concerns.merge(group.id, a.number, b.number), other.concerns.merge(group.id, b.number, a.number)]);
      expect(results.filter((result) => result !== null)).toHaveLength(1);
      expect((await store.concerns.list(group.id, ["merged"])).length).toBe(1);
    });

    it("hands each concern to one digest, oldest first", async () => {
      const { store } = context();
      const { group, cycleId } = await aGroupInCycle(store);
      const a = await store.concerns.add({ groupId: group.id, cycleId, text: "a", authorId: null, at: at("2025-01-05T09:00:00Z") });
      const b = await store.concerns.add({ groupId: group.id, cycleId, text: "b", authorId: null, at: at("2025-01-05T10:00:00Z") });
      expect((await store.concerns.unannounced(group.id)).map((concern) => concern.id)).toEqual([a.id, b.id]);

      await store.concerns.markAnnounced([a.id], at("2025-01-05T18:00:00Z"));
      const c = await store.concerns.add({ groupId: group.id, cycleId, text: "c", authorId: null, at: at("2025-01-05T19:00:00Z") });
      expect((await store.concerns.unannounced(group.id)).map((concern) => concern.id)).toEqual([b.id, c.id]);

      await store.concerns.markAnnounced([a.id, b.id], at("2025-01-06T18:00:00Z"));
      expect((await store.concerns.get(group.id, a.number))?.announcedAt).toEqual(at("2025-01-05T18:00:00Z"));
    });
  });

  describe("priorities", () => {
    async function threeConcerns() {
      const { store } = context();
      const { group, cycleId } = await aGroupInCycle(store);
      const person = await aPerson(store);
      const concerns = [];
      for (const text of ["Checkpoint", "Dark road", "Mines"]) {
        concerns.push(await store.concerns.add({ groupId: group.id, cycleId, text, authorId: null, at: at("2025-01-05T09:00:00Z") }));
      }
      const options = concerns.map((concern) => ({ concernId: concern.id, label: concern.text }));
      const vote = await opened(store.votes.open(aNewVote(group.id, cycleId, person.id, options)));
      return { group, cycleId, person, concerns, vote };
    }

    it("lists the chosen concerns by rank, with their numbers and texts, marked as priorities", async () => {
      const { store } = context();
      const { group, cycleId, concerns, vote } = await threeConcerns();
      const [checkpoint, , mines] = concerns;
      if (checkpoint === undefined || mines === undefined) throw new Error("fixture");
      const set = await store.priorities.set({ groupId: group.id, cycleId, voteId: vote.id, concernIds: [mines.id, checkpoint.id] });
      expect(set.map(({ concernNumber, text, rank }) => ({ concernNumber, text, rank }))).toEqual([
        { concernNumber: 3, text: "Mines", rank: 1 },
        { concernNumber: 1, text: "Checkpoint", rank: 2 },
      ]);
      expect(await store.priorities.list(cycleId)).toEqual(set);
      expect((await store.concerns.list(group.id, ["priority"])).map((concern) => concern.text)).toEqual(["Checkpoint", "Mines"]);
    });

    it("replaces the cycle's priorities, returning the dropped concern to the open ones and keeping the plan of one that stays", async () => {
      const { store } = context();
      const { group, cycleId, person, concerns, vote } = await threeConcerns();
      const [checkpoint, road, mines] = concerns;
      if (checkpoint === undefined || road === undefined || mines === undefined) throw new Error("fixture");
      const [first] = await store.priorities.set({ groupId: group.id, cycleId, voteId: vote.id, concernIds: [checkpoint.id, road.id] });
      if (first === undefined) throw new Error("fixture");
      const plan = await store.plans.create({ groupId: group.id, cycleId, priorityId: first.id, createdById: person.id, at: at("2025-01-07T09:00:00Z") });

      const replaced = await store.priorities.set({ groupId: group.id, cycleId, voteId: vote.id, concernIds: [mines.id, checkpoint.id] });
      expect(replaced.map((priority) => [priority.text, priority.rank])).toEqual([["Mines", 1], ["Checkpoint", 2]]);
      expect(replaced[1]?.id).toBe(first.id);
      expect(await store.plans.get(plan.id)).not.toBeNull();
      expect((await store.concerns.get(group.id, road.number))?.status).toBe("open");
    });
  });
});
