import { expect, it } from "vitest";
import type { Store } from "../../../src/flows/ports.ts";
import { aGroupInCycle, aPerson, at, describeStore, opened, aNewVote } from "./fixtures.ts";

describeStore("action plans", (context) => {
  async function aPriority(store: Store) {
    const { group, cycleId } = await aGroupInCycle(store);
    const person = await aPerson(store, "Kyaw");
    const concern = await store.concerns.add({ groupId: group.id, cycleId, text: "Dark road", authorId: null, at: at("2025-01-05T09:00:00Z") });
    const vote = await opened(store.votes.open(aNewVote(group.id, cycleId, person.id, [{ concernId: concern.id, label: concern.text }])));
    const [priority] = await store.priorities.set({ groupId: group.id, cycleId, voteId: vote.id, concernIds: [concern.id] });
    if (priority === undefined) throw new Error("fixture: no priority");
    return { group, cycleId, person, priority };
  }

  it("starts a draft with nothing in it", async () => {
    const { store } = context();
    const { group, cycleId, person, priority } = await aPriority(store);
    const plan = await store.plans.create({ groupId: group.id, cycleId, priorityId: priority.id, createdById: person.id, at: at("2025-01-07T09:00:00Z") });
    expect(plan).toEqual({
      id: plan.id,
      groupId: group.id,
      cycleId,
      priorityId: priority.id,
      problem: null,
      status: "draft",
      steps: [],
      tasks: [],
      objectives: [],
      indicators: [],
      reviews: [],
    });
    expect(await store.plans.get(plan.id)).toEqual(plan);
  });

  it("returns every part of a plan in reading order, tasks with their owner's name", async () => {
    const { store } = context();
    const { group, cycleId, person, priority } = await aPriority(store);
    const plan = await store.plans.create({ groupId: group.id, cycleId, priorityId: priority.id, createdById: person.id, at: at("2025-01-07T09:00:00Z") });
    await store.plans.setProblem(plan.id, "The road to the market is dark after 6 pm");
    await store.plans.addStep(plan.id, "Ask the council for street lights", "long");
    await store.plans.addStep(plan.id, "Walk in groups", "quick");
    await store.plans.addTask({ planId: plan.id, title: "Write to the council", ownerId: person.id, dueAt: at("2025-02-01T00:00:00Z"), horizon: "long" });
    await store.plans.addObjective(plan.id, "People feel safe walking home");
    await store.plans.addIndicator({ planId: plan.id, name: "Incidents a month", baseline: 6, target: 1 });
    await store.plans.addIndicator({ planId: plan.id, name: "Lights working", baseline: null, target: null });
    await store.plans.addReview(plan.id, at("2025-03-01T09:00:00Z"));
    await store.plans.addReview(plan.id, at("2025-02-01T09:00:00Z"));

    const full = await store.plans.get(plan.id);
    expect(full).toMatchObject({
      problem: "The road to the market is dark after 6 pm",
      steps: [
        { text: "Ask the council for street lights", horizon: "long" },
        { text: "Walk in groups", horizon: "quick" },
      ],
      tasks: [{ planId: plan.id, title: "Write to the council", ownerId: person.id, ownerName: "Kyaw", dueAt: at("2025-02-01T00:00:00Z"), status: "open", horizon: "long" }],
      objectives: [{ text: "People feel safe walking home" }],
      indicators: [
        { name: "Incidents a month", baseline: 6, target: 1 },
        { name: "Lights working", baseline: null, target: null },
      ],
      reviews: [
        { scheduledFor: at("2025-02-01T09:00:00Z"), heldAt: null },
        { scheduledFor: at("2025-03-01T09:00:00Z"), heldAt: null },
      ],
    });
  });

  it("empties one part of a draft, leaving the others", async () => {
    const { store } = context();
    const { group, cycleId, person, priority } = await aPriority(store);
    const plan = await store.plans.create({ groupId: group.id, cycleId, priorityId: priority.id, createdById: person.id, at: at("2025-01-07T09:00:00Z") });
    await store.plans.addStep(plan.id, "Old step", "quick");
    await store.plans.addObjective(plan.id, "Objective");
    await store.plans.clearPart(plan.id, "steps");
    await store.plans.addStep(plan.id, "New step", "quick");
    expect(await store.plans.get(plan.id)).toMatchObject({ steps: [{ text: "New step" }], objectives: [{ text: "Objective" }] });
  });

  it("records when a plan is approved and when a task is done", async () => {
    const { store, client } = context();
    const { group, cycleId, person, priority } = await aPriority(store);
    const plan = await store.plans.create({ groupId: group.id, cycleId, priorityId: priority.id, createdById: person.id, at: at("2025-01-07T09:00:00Z") });
    await store.plans.addTask({ planId: plan.id, title: "Buy a lock", ownerId: person.id, dueAt: null, horizon: "quick" });
    await store.plans.setStatus(plan.id, "approved", at("2025-01-09T09:00:00Z"));
    const taskId = (await store.plans.get(plan.id))?.tasks[0]?.id ?? -1;
    await store.plans.setTaskStatus(taskId, "done", at("2025-01-10T09:00:00Z"));

    expect(await store.plans.get(plan.id)).toMatchObject({ status: "approved", tasks: [{ status: "done" }] });
    expect((await client.actionPlan.findUniqueOrThrow({ where: { id: plan.id } })).approvedAt).toEqual(at("2025-01-09T09:00:00Z"));
    expect((await client.task.findUniqueOrThrow({ where: { id: taskId } })).completedAt).toEqual(at("2025-01-10T09:00:00Z"));
  });

  it("finds a priority's latest plan, and a cycle's plans in the order they were started", async () => {
    const { store } = context();
    const { group, cycleId, person, priority } = await aPriority(store);
    const rejected = await store.plans.create({ groupId: group.id, cycleId, priorityId: priority.id, createdById: person.id, at: at("2025-01-07T09:00:00Z") });
    await store.plans.setStatus(rejected.id, "rejected", at("2025-01-08T09:00:00Z"));
    const redrafted = await store.plans.create({ groupId: group.id, cycleId, priorityId: priority.id, createdById: person.id, at: at("2025-01-09T09:00:00Z") });
    expect((await store.plans.forPriority(priority.id))?.id).toBe(redrafted.id);
    expect((await store.plans.list(cycleId)).map((plan) => [plan.id, plan.status])).toEqual([
      [rejected.id, "rejected"],
      [redrafted.id, "draft"],
    ]);
    expect(await store.plans.forPriority(987_654)).toBeNull();
  });
});
