import { describe, expect, it } from "vitest";
import { aGroup, aGroupInCycle, aPerson, at, describeStore } from "./fixtures.ts";

describeStore("cycles and preparation", (context) => {
  describe("cycles", () => {
    it("starts a group's first cycle at step 1 and keeps returning it", async () => {
      const { store } = context();
      const group = await aGroup(store);
      const cycle = await store.cycles.current(group.id);
      expect(cycle).toMatchObject({ groupId: group.id, number: 1, step: 1 });
      expect(await store.cycles.current(group.id)).toEqual(cycle);
    });

    it("starts one cycle when two workers ask for a new group's cycle at once", async () => {
      const { store, client, secondWorker } = context();
      const other = await secondWorker();
      const group = await aGroup(store);
      const [a, b] = await Promise.all([store.cycles.current(group.id), other.cycles.current(group.id)]);
      expect(a).toEqual(b);
      expect(await client.cycle.count({ where: { groupId: group.id } })).toBe(1);
    });

    it("starts the next number once the open cycle is closed", async () => {
      const { store, client } = context();
      const group = await aGroup(store);
      const first = await store.cycles.current(group.id);
      await client.cycle.update({ where: { id: first.id }, data: { closedAt: at("2025-06-01T00:00:00Z") } });
      expect(await store.cycles.current(group.id)).toMatchObject({ number: 2, step: 1 });
    });

    it("keeps every cycle in its history, first first, each with when it began and ended", async () => {
      const { store } = context();
      const group = await aGroup(store);
      const first = await store.cycles.current(group.id, at("2025-01-05T03:00:00Z"));
      const second = await store.cycles.startNext({ groupId: group.id, cycleId: first.id, at: at("2025-06-01T00:00:00Z") });
      expect(await store.cycles.history(group.id)).toEqual([
        { ...first, startedAt: at("2025-01-05T03:00:00Z"), closedAt: at("2025-06-01T00:00:00Z") },
        { ...second, startedAt: at("2025-06-01T00:00:00Z"), closedAt: null },
      ]);
      expect(await store.cycles.history((await aGroup(store)).id)).toEqual([]);
    });

    it("moves the step and records the move with what was still missing", async () => {
      const { store, client } = context();
      const group = await aGroup(store);
      const facilitator = await aPerson(store, "Facilitator");
      const cycle = await store.cycles.current(group.id);
      const moved = await store.cycles.moveStep({ cycleId: cycle.id, from: 1, to: 2, changedById: facilitator.id, missing: ["assessment"], at: at("2025-01-10T09:00:00Z") });
      expect(moved).toBe(true);
      expect((await store.cycles.current(group.id)).step).toBe(2);
      const changes = await client.stepChange.findMany({ where: { cycleId: cycle.id } });
      expect(changes).toMatchObject([{ fromStep: 1, toStep: 2, changedById: facilitator.id, missing: '["assessment"]', at: at("2025-01-10T09:00:00Z") }]);
    });

    it("refuses a move from a step the cycle has already left, and leaves the step alone", async () => {
      const { store, client } = context();
      const group = await aGroup(store);
      const facilitator = await aPerson(store);
      const cycle = await store.cycles.current(group.id);
      await store.cycles.moveStep({ cycleId: cycle.id, from: 1, to: 2, changedById: facilitator.id, missing: [], at: at("2025-01-10T09:00:00Z") });
      const stale = await store.cycles.moveStep({ cycleId: cycle.id, from: 1, to: 2, changedById: facilitator.id, missing: [], at: at("2025-01-10T09:00:01Z") });
      expect(stale).toBe(false);
      expect((await store.cycles.current(group.id)).step).toBe(2);
      expect(await client.stepChange.count({ where: { cycleId: cycle.id } })).toBe(1);
    });

    it("lets only one of two facilitators moving at once move", async () => {
      const { store, secondWorker } = context();
      const other = await secondWorker();
      const group = await aGroup(store);
      const facilitator = await aPerson(store);
      const cycle = await store.cycles.current(group.id);
      const move = { cycleId: cycle.id, changedById: facilitator.id, missing: [], at: at("2025-01-10T09:00:00Z") };
      await store.cycles.moveStep({ ...move, from: 1, to: 2 });
      const results = await Promise.all([store.cycles.moveStep({ ...move, from: 2, to: 3 }), other.cycles.moveStep({ ...move, from: 2, to: 1 })]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.cycles.current(group.id)).step).toBe(results[0] ? 3 : 1);
    });
  });

  describe("preparation", () => {
    it("keeps one answer per site-selection criterion, in the order first answered", async () => {
      const { store } = context();
      const group = await aGroup(store);
      await store.siteChecks.set(group.id, "clear-concerns", false, at("2025-01-02T09:00:00Z"));
      await store.siteChecks.set(group.id, "no-danger", true, at("2025-01-02T09:00:00Z"));
      await store.siteChecks.set(group.id, "clear-concerns", true, at("2025-01-03T09:00:00Z"));
      expect(await store.siteChecks.list(group.id)).toEqual([
        { item: "clear-concerns", met: true },
        { item: "no-danger", met: true },
      ]);
    });

    it("counts the people who answered the assessment, not the answers", async () => {
      const { store } = context();
      const { cycleId } = await aGroupInCycle(store);
      const [a, b] = [await aPerson(store, "A"), await aPerson(store, "B")];
      expect(await store.assessments.respondents(cycleId)).toBe(0);
      await store.assessments.save({ cycleId, personId: a.id, question: "q1", answer: "x", at: at("2025-01-02T09:00:00Z") });
      await store.assessments.save({ cycleId, personId: a.id, question: "q2", answer: "y", at: at("2025-01-02T09:01:00Z") });
      await store.assessments.save({ cycleId, personId: b.id, question: "q1", answer: "z", at: at("2025-01-02T09:02:00Z") });
      expect(await store.assessments.respondents(cycleId)).toBe(2);
    });

    it("lists the stakeholders of a cycle in the order they were added", async () => {
      const { store } = context();
      const { cycleId } = await aGroupInCycle(store);
      const person = await aPerson(store);
      const chief = await store.stakeholders.add({ cycleId, name: "Village chief", stance: "supports", addedById: person.id });
      const militia = await store.stakeholders.add({ cycleId, name: "Militia", stance: "opposes", addedById: person.id });
      expect(await store.stakeholders.list(cycleId)).toEqual([
        { id: chief.id, cycleId, name: "Village chief", stance: "supports" },
        { id: militia.id, cycleId, name: "Militia", stance: "opposes" },
      ]);
    });
  });
});
