/**
 * Reminders stop when their reason does (issue 9, point 5): every path that
 * ends or moves a reminder, with what each person is sent afterwards and
 * what stays queued in the store.
 *
 * The plan (test/support/approved-plan.ts) is approved at 09:00 in Yangon on
 * 23 November 2026: Aung's task is due on 30 November, Thida's on 7
 * December, and the review is on 23 December.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REMINDER_KINDS } from "../../src/flows/reminders.ts";
import { groupWithApprovedPlan, groupWithPriorities, proposePlan } from "../support/approved-plan.ts";
import { allText, GROUP, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { closeVoteNow, FACILITATOR } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

/** The tasks of the current cycle: Aung's, then Thida's. */
async function taskIds(): Promise<[number, number]> {
  const group = await h.store.groups.find("test", GROUP);
  const cycle = await h.store.cycles.current(group?.id ?? -1);
  const [aung, thida] = (await h.store.monitoring.tasksOfCycle(cycle.id)).map((t) => t.id);
  return [aung ?? -1, thida ?? -1];
}

/** The reminder rows in the store with this status, each as "kind task-N due-date" or "kind review day". */
async function reminders(status: "pending" | "cancelled" | "sent"): Promise<string[]> {
  const rows = await h.db.scheduledJob.findMany({ where: { kind: { in: [...REMINDER_KINDS] }, status }, orderBy: [{ dueAt: "asc" }, { id: "asc" }] });
  return rows.map((row) => {
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    const day = (value: unknown) => (typeof value === "string" ? value.slice(0, 10) : "-");
    return "taskId" in payload ? `${row.kind} task-${String(payload["taskId"])} ${day(payload["due"])}` : `${row.kind} review ${day(payload["day"])}`;
  });
}

/** Review reminders the group was sent. */
function reviewReminders(sent: Awaited<ReturnType<Harness["wait"]>>): string[] {
  return toGroup(sent).filter((text) => text.includes("meets to review"));
}

// Days are stored as the start of the local day in Yangon (+06:30), the UTC day before.
const AUNG_DUE = "2026-11-29";
const THIDA_DUE = "2026-12-06";
const REVIEW_DAY = "2026-12-22";

describe("reminders of an approved plan", () => {
  beforeEach(() => groupWithApprovedPlan(h));

  it("are queued for both tasks and the review", async () => {
    const [aung, thida] = await taskIds();
    expect(await reminders("pending")).toEqual([
      `task-due-soon task-${aung} ${AUNG_DUE}`,
      `task-overdue task-${aung} ${AUNG_DUE}`,
      `task-due-soon task-${thida} ${THIDA_DUE}`,
      `task-overdue task-${thida} ${THIDA_DUE}`,
      `review-soon review ${REVIEW_DAY}`,
      `review-today review ${REVIEW_DAY}`,
    ]);
  });

  it("a task done early: both its reminders are cancelled, the other owner's stay, and its owner is sent nothing", async () => {
    const [aung, thida] = await taskIds();
    await h.dm("aung", `/done ${aung}`);
    expect(await reminders("cancelled")).toEqual([`task-due-soon task-${aung} ${AUNG_DUE}`, `task-overdue task-${aung} ${AUNG_DUE}`]);
    expect(await reminders("pending")).toEqual([
      `task-due-soon task-${thida} ${THIDA_DUE}`,
      `task-overdue task-${thida} ${THIDA_DUE}`,
      `review-soon review ${REVIEW_DAY}`,
      `review-today review ${REVIEW_DAY}`,
    ]);
    const later = await h.wait("P16D");
    expect(toPerson(later, "aung")).toEqual([]);
    expect(toPerson(later, "thida")).toHaveLength(2);
  });

  it("a task done on its due day: the 'due tomorrow' reminder was sent, the overdue notice is cancelled", async () => {
    const [aung] = await taskIds();
    expect(toPerson(await h.wait("P6DT1H"), "aung")).toEqual([expect.stringContaining("is due on 2026-11-30")]);
    await h.wait("P1D");
    await h.dm("aung", `/done ${aung}`);
    expect(await reminders("sent")).toEqual([`task-due-soon task-${aung} ${AUNG_DUE}`]);
    expect(await reminders("cancelled")).toEqual([`task-overdue task-${aung} ${AUNG_DUE}`]);
    expect(toPerson(await h.wait("P3D"), "aung")).toEqual([]);
  });

  it("a review held early: a task's new date replaces its old reminders, and the next review date replaces the planned one", async () => {
    const [aung, thida] = await taskIds();
    await h.wait("P2D");
    await h.group(FACILITATOR, "/review");
    await h.group(FACILITATOR, "3");
    await h.group(FACILITATOR, "+10");
    await h.group(FACILITATOR, "2");
    await h.group(FACILITATOR, "The township has not answered yet.");
    // 25 November + 27 days: 22 December, the day before the planned review.
    const held = allText(await h.group(FACILITATOR, "+27"));
    expect(held).toContain("Next review: 2026-12-22.");
    expect(await reminders("pending")).toEqual([
      `task-due-soon task-${aung} 2026-12-04`,
      `task-due-soon task-${thida} ${THIDA_DUE}`,
      `task-overdue task-${aung} 2026-12-04`,
      `task-overdue task-${thida} ${THIDA_DUE}`,
      `review-soon review 2026-12-21`,
      `review-today review 2026-12-21`,
    ]);
    expect(await reminders("cancelled")).toEqual([
      `task-due-soon task-${aung} ${AUNG_DUE}`,
      `task-overdue task-${aung} ${AUNG_DUE}`,
      `review-soon review ${REVIEW_DAY}`,
      `review-today review ${REVIEW_DAY}`,
    ]);
    const plan = (await h.store.plans.list((await h.store.cycles.current((await h.store.groups.find("test", GROUP))?.id ?? -1)).id))[0];
    expect(plan?.reviews.filter((r) => r.heldAt === null).map((r) => r.scheduledFor.toISOString())).toEqual(["2026-12-21T17:30:00.000Z"]);

    const later = await h.wait("P40D");
    const toAung = toPerson(later, "aung");
    expect(toAung).toEqual([expect.stringContaining("is due on 2026-12-05"), expect.stringContaining("was due on 2026-12-05")]);
    expect(toAung.join("\n")).not.toContain("2026-11-30");
    const reviews = reviewReminders(later);
    expect(reviews).toEqual([expect.stringContaining("In two days, on 2026-12-22"), expect.stringContaining("Today, 2026-12-22")]);
  });

  it("the owner leaving the group: their task's reminders are cancelled and they are sent nothing", async () => {
    const [aung, thida] = await taskIds();
    await h.baraza.handle({ platform: "test", chat: { id: GROUP, kind: "group" }, sender: { id: "aung", name: "Aung" }, text: "", event: { kind: "member-left" } });
    expect(await reminders("cancelled")).toEqual([`task-due-soon task-${aung} ${AUNG_DUE}`, `task-overdue task-${aung} ${AUNG_DUE}`]);
    expect(await reminders("pending")).toContain(`task-due-soon task-${thida} ${THIDA_DUE}`);
    const later = await h.wait("P16D");
    expect(toPerson(later, "aung")).toEqual([]);
    expect(toPerson(later, "thida")).toHaveLength(2);
  });

  it("the owner forgotten: no job addressed to them is left, and the others' stay", async () => {
    const [, thida] = await taskIds();
    const person = await h.store.people.find("test", "aung");
    await h.dm("aung", "/forgetme");
    await h.dm("aung", "1");
    expect(await h.db.scheduledJob.count({ where: { personId: person?.id ?? -1 } })).toBe(0);
    expect(await reminders("pending")).toEqual([
      `task-due-soon task-${thida} ${THIDA_DUE}`,
      `task-overdue task-${thida} ${THIDA_DUE}`,
      `review-soon review ${REVIEW_DAY}`,
      `review-today review ${REVIEW_DAY}`,
    ]);
    expect(toPerson(await h.wait("P16D"), "aung")).toEqual([]);
  });

  it("the plan evaluated: every reminder of it is cancelled, and no one is reminded of it again", async () => {
    await h.group(FACILITATOR, "/next");
    await h.group(FACILITATOR, "1");
    for (const answer of ["/evaluate", "2", "Walking in groups", "skip", "Ask the police earlier"]) await h.dm("thida", answer);
    expect(await reminders("pending")).toEqual([]);
    expect(await reminders("cancelled")).toHaveLength(6);
    const later = await h.wait("P40D");
    expect(reviewReminders(later)).toEqual([]);
    expect(toPerson(later, "aung")).toEqual([]);
    expect(toPerson(later, "thida")).toEqual([]);
  });

  it("a new cycle: the past cycle's reminders are cancelled, even for a plan not evaluated", async () => {
    await h.group(FACILITATOR, "/next");
    await h.group(FACILITATOR, "1");
    await h.group(FACILITATOR, "/newcycle");
    expect(allText(await h.group(FACILITATOR, "1"))).toContain("Cycle 2 has started at step 1.");
    expect(await reminders("pending")).toEqual([]);
    const later = await h.wait("P40D");
    expect(reviewReminders(later)).toEqual([]);
    expect(toPerson(later, "aung")).toEqual([]);
    expect(toPerson(later, "thida")).toEqual([]);
  });

  it("a task changed behind the flows' back: the sweep cancels its reminder when due instead of sending it", async () => {
    const [aung] = await taskIds();
    await h.store.monitoring.updateTask(aung, { status: "dropped" }, h.clock.now());
    expect(toPerson(await h.wait("P9D"), "aung")).toEqual([]);
    expect(await reminders("cancelled")).toEqual([`task-due-soon task-${aung} ${AUNG_DUE}`, `task-overdue task-${aung} ${AUNG_DUE}`]);
    expect(await reminders("sent")).not.toContain(`task-due-soon task-${aung} ${AUNG_DUE}`);
  });
});

describe("a plan the group rejects", () => {
  it("queues no reminder at all", async () => {
    await groupWithPriorities(h);
    await proposePlan(h);
    for (const person of ["aung", "thida", "ram"]) await h.dm(person, "/vote 2");
    expect(allText(await closeVoteNow(h))).toContain("not approved");
    expect(await h.db.scheduledJob.count({ where: { kind: { in: [...REMINDER_KINDS] } } })).toBe(0);
    expect(reviewReminders(await h.wait("P40D"))).toEqual([]);
  });
});
