import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allText, GROUP, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { groupWithApprovedPlan } from "../support/approved-plan.ts";
import { FACILITATOR } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await groupWithApprovedPlan(h);
});
afterEach(() => h.close());

async function taskIds(): Promise<number[]> {
  const group = await h.store.groups.find("test", GROUP);
  const cycle = await h.store.cycles.current(group?.id ?? -1);
  return (await h.store.monitoring.tasksOfCycle(cycle.id)).map((t) => t.id);
}

describe("carrying out a plan", () => {
  it("is at step 4 with the plan's tasks listed for the group and for each owner", async () => {
    const [first, second] = await taskIds();
    const listed = toGroup(await h.group(FACILITATOR, "/tasks")).join("\n");
    expect(listed).toContain(`task ${first}: “Write to the electricity office” — Aung, by 2026-11-30`);
    expect(listed).toContain(`task ${second}: “Organise a walking rota” — Thida, by 2026-12-07`);
    const mine = toPerson(await h.dm("thida", "/tasks"), "thida").join("\n");
    expect(mine).toContain("Your tasks:");
    expect(mine).toContain("Organise a walking rota");
    expect(mine).not.toContain("electricity office");
  });

  it("lets the owner mark a task done and report progress, and refuses anyone else", async () => {
    const [first] = await taskIds();
    const refused = await h.dm("thida", `/done ${first}`);
    expect(allText(refused)).toContain(`Task ${first} belongs to someone else.`);
    await h.dm("aung", `/progress ${first} letter drafted, the village head signs tomorrow`);
    const marked = await h.dm("aung", `/done ${first}`);
    expect(allText(marked)).toContain(`✅ Task ${first} “Write to the electricity office” is marked done.`);
    expect(toGroup(marked)).toEqual([]);
    const task = await h.store.monitoring.task(first ?? -1);
    expect(task?.status).toBe("done");
  });

  it("shows a task's latest progress note with its date in /tasks, /plans and the exports, even after the task is done", async () => {
    const [first] = await taskIds();
    await h.dm("aung", `/progress ${first} letter drafted`);
    await h.wait("P2D");
    await h.dm("aung", `/progress ${first} letter sent to the office`);
    await h.wait("P1D");
    await h.dm("aung", `/done ${first}`);
    const listed = toGroup(await h.group("thida", "/tasks")).join("\n");
    expect(listed).toContain(`✅ task ${first}: “Write to the electricity office” — Aung, by 2026-11-30\n    latest progress, 2026-11-25: “letter sent to the office”`);
    expect(listed).not.toContain("letter drafted");
    const plan = toGroup(await h.group("thida", "/plans 1")).join("\n");
    expect(plan).toContain("  • “Write to the electricity office” — Aung, by 2026-11-30 (long-term)\n    latest progress, 2026-11-25: “letter sent to the office”");
    const exported = (await h.group(FACILITATOR, "/export csv")).flatMap((message) => message.files ?? []);
    const tasksCsv = new TextDecoder().decode(exported.find((file) => file.name.includes("tasks"))?.data);
    expect(tasksCsv).toContain("Latest progress,Progress written on");
    expect(tasksCsv).toContain("Write to the electricity office,Aung,2026-11-30,done,long-term,no,letter sent to the office,2026-11-25");
    const markdown = (await h.group(FACILITATOR, "/export md")).flatMap((message) => message.files ?? []);
    expect(new TextDecoder().decode(markdown[0]?.data)).toContain("2026-11-25: letter sent to the office");
  });

  it("asks which task when /progress comes alone: at once for one open task, from a list for several, then for the words", async () => {
    const [first, second] = await taskIds();
    const asked = toPerson(await h.dm("aung", "/progress"), "aung");
    expect(asked).toEqual([`How is task ${first} “Write to the electricity office” going? Write a few words.`]);
    expect(toPerson(await h.dm("aung", "spoke with the clerk"), "aung")).toEqual([`Saved: how task ${first} “Write to the electricity office” is going.`]);
    expect((await h.store.monitoring.task(first ?? -1))?.progress).toBe("spoke with the clerk");

    const aung = await h.store.people.identify("test", "aung", "Aung");
    await h.store.monitoring.updateTask(second ?? -1, { ownerId: aung.id }, h.clock.now());
    const which = toGroup(await h.group("aung", "/progress")).join("\n");
    expect(which).toContain(`Which of your tasks is this about?\n1. task ${first}: “Write to the electricity office”\n2. task ${second}: “Organise a walking rota”\nAnswer with a number.`);
    // A wrong number is refused and nothing is stored.
    expect(toGroup(await h.group("aung", "7")).join("\n")).toContain("That is not one of the choices. Please answer with a number from 1 to 2.");
    expect(toGroup(await h.group("aung", "2"))).toEqual([`How is task ${second} “Organise a walking rota” going? Write a few words.`]);
    await h.group("aung", "rota agreed for market days");
    const task = await h.store.monitoring.task(second ?? -1);
    expect(task?.progress).toBe("rota agreed for market days");
    expect(task?.status).toBe("doing");
    expect((await h.store.monitoring.task(first ?? -1))?.progress).toBe("spoke with the clerk");
  });

  it("asks only for the words after /progress and a number, and says so when the person has no task to write about", async () => {
    const [, second] = await taskIds();
    expect(toPerson(await h.dm("thida", `/progress ${second}`), "thida")).toEqual([`How is task ${second} “Organise a walking rota” going? Write a few words.`]);
    await h.dm("thida", "two volunteers so far");
    expect((await h.store.monitoring.task(second ?? -1))?.progress).toBe("two volunteers so far");
    expect(toPerson(await h.dm("ram", "/progress"), "ram")).toEqual(["You have no unfinished tasks in this group. To write about another task, send /progress, its number and a few words."]);
    expect(allText(await h.dm("ram", `/progress ${second}`))).toContain(`Task ${second} belongs to someone else.`);
    expect((await h.store.monitoring.task(second ?? -1))?.progress).toBe("two volunteers so far");
  });

  it("reminds the owner privately the day before a task is due, then tells them when it is late", async () => {
    const [first] = await taskIds();
    // Approved at 09:00 Yangon on 23 November; the task is due on 30 November.
    expect(toPerson(await h.wait("P5DT23H"), "aung")).toEqual([]);
    const before = toPerson(await h.wait("PT2H"), "aung");
    expect(before).toEqual([expect.stringContaining(`your task “Write to the electricity office” (task ${first}) is due on 2026-11-30`)]);
    const late = toPerson(await h.wait("P2D"), "aung");
    expect(late).toEqual([expect.stringContaining(`was due on 2026-11-30`)]);
  });

  it("does not remind the owner of a task already done", async () => {
    const [first] = await taskIds();
    await h.dm("aung", `/done ${first}`);
    expect(toPerson(await h.wait("P9D"), "aung")).toEqual([]);
  });

  it("reminds the group of the review two days before and on the morning", async () => {
    const soon = toGroup(await h.wait("P28D")).filter((text) => text.includes("review"));
    expect(soon).toEqual([expect.stringContaining("In two days, on 2026-12-23, the group meets to review the plan for this priority")]);
    const today = toGroup(await h.wait("P2D")).filter((text) => text.includes("review"));
    expect(today).toEqual([expect.stringContaining("Today, 2026-12-23, the group meets to review the plan")]);
  });

  it("lists late tasks for the facilitator and nudges each owner at most once a day", async () => {
    await h.wait("P9D");
    // In the group, how many; in private, which and whose.
    expect(toGroup(await h.group(FACILITATOR, "/overdue"))).toEqual(["1 task is late. To see which, and whose, send /overdue to me in a private chat."]);
    const listed = toPerson(await h.dm(FACILITATOR, "/overdue"), FACILITATOR).join("\n");
    expect(listed).toContain("1 task is late:");
    expect(listed).toContain("“Write to the electricity office” — Aung");
    const nudged = await h.group(FACILITATOR, "/nudge");
    expect(toGroup(nudged)).toEqual(["I will remind the owner of 1 late task privately."]);
    expect(toPerson(await h.wait("PT1M"), "aung")).toEqual([expect.stringContaining("A kind reminder from your group's facilitator")]);
    const again = await h.group(FACILITATOR, "/nudge");
    expect(allText(again)).toContain("1 task was already nudged today");
    expect(toPerson(await h.wait("PT1M"), "aung")).toEqual([]);
    expect(allText(await h.group("aung", "/nudge"))).toContain("Only the group's facilitator can do that.");
  });
});

describe("records and reviews", () => {
  it("records measure readings and shows the trend in the summary", async () => {
    await h.dm("aung", "/indicator 1 4");
    const summary = allText(await h.group("thida", "/summary"));
    expect(summary).toContain("“Robberies a month”: 6 → 4 (aim 1)");
    expect(summary).toContain("Step 4 of 5: Implement and monitor");
  });

  it("holds a review: each open task, what changed, and the next date with its reminders", async () => {
    const [first, second] = await taskIds();
    await h.wait("P8D");
    await h.group(FACILITATOR, "/review");
    await h.group(FACILITATOR, "3");
    await h.group(FACILITATOR, "+5");
    await h.group(FACILITATOR, "1");
    await h.group(FACILITATOR, "The township replied; the rota works on market days.");
    const held = toGroup(await h.group(FACILITATOR, "+21")).join("\n");
    expect(held).toContain("The review is recorded.");
    expect(held).toContain("Tasks done: 1 of 2.");
    expect((await h.store.monitoring.task(first ?? -1))?.dueAt?.toISOString()).toBe("2026-12-05T17:30:00.000Z");
    expect((await h.store.monitoring.task(second ?? -1))?.status).toBe("done");
  });
});

describe("evaluating and starting again", () => {
  it("evaluates the plan, keeps lessons, and starts a new cycle carrying open concerns forward", async () => {
    await h.group(FACILITATOR, "/next");
    await h.group(FACILITATOR, "1");
    await h.dm("thida", "/evaluate");
    await h.dm("thida", "1");
    await h.dm("thida", "Walking in groups");
    await h.dm("thida", "skip");
    expect(allText(await h.group("ram", "/step"))).toContain("⬜ the plans have been evaluated");
    const saved = await h.dm("thida", "Ask the police earlier");
    expect(allText(saved)).toContain("The evaluation is saved.");
    expect(allText(await h.group("ram", "/step"))).toContain("✅ the plans have been evaluated");
    await h.dm("thida", "/lessons add The police come when the village head calls them.");
    expect(allText(await h.group("ram", "/lessons"))).toContain("The police come when the village head calls them.");
    await h.group(FACILITATOR, "/newcycle");
    const started = allText(await h.group(FACILITATOR, "1"));
    expect(started).toContain("Cycle 2 has started at step 1.");
    expect(started).toContain("1 open concern is carried forward:");
    expect(started).toContain("Harassment on the plantation path");
    expect(started).not.toContain("No lights on the market road");
  });
});

describe("who is late, and who sees it", () => {
  it("names late owners in the summary only to the facilitator in private; the group sees the late task without its owner", async () => {
    await h.wait("P9D");
    const inGroup = toGroup(await h.group("thida", "/summary")).join("\n");
    expect(inGroup).toContain("late: “Write to the electricity office”, due 2026-11-30");
    expect(inGroup).not.toContain("Aung");
    // A facilitator who is not also a coordinator (a coordinator's private summary is the view of every group).
    await h.db.programmeStaff.deleteMany();
    const privately = toPerson(await h.dm(FACILITATOR, "/summary"), FACILITATOR).join("\n");
    expect(privately).toContain("late: “Write to the electricity office” (Aung), due 2026-11-30");
    const member = toPerson(await h.dm("thida", "/summary"), "thida").join("\n");
    expect(member).not.toContain("(Aung)");
  });
});

describe("a late task in what the group sees", () => {
  it("is not marked late beside its owner's name in the group's task list, nor named in the review reminder", async () => {
    await h.wait("P9D");
    const listed = toGroup(await h.group("thida", "/tasks")).join("\n");
    expect(listed).toContain("“Write to the electricity office” — Aung");
    expect(listed).not.toContain("⏰");
    // In private, the facilitator sees which tasks are late.
    expect(toPerson(await h.dm(FACILITATOR, "/tasks all"), FACILITATOR).join("\n")).toContain("⏰");
    const reminders = toGroup(await h.wait("P21D")).filter((text) => text.includes("review")).join("\n");
    expect(reminders).toContain("late: task");
    expect(reminders).toContain("“Write to the electricity office”");
    expect(reminders).not.toContain("Aung");
  });
});
