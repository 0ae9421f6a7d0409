import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allText, GROUP, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { closeVoteNow } from "../support/scenario.ts";
import { groupWithPriorities } from "../support/approved-plan.ts";

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  await groupWithPriorities(h);
});
afterEach(() => h.close());

async function plan() {
  const group = await h.store.groups.find("test", GROUP);
  const cycle = await h.store.cycles.current(group?.id ?? -1);
  const [first] = await h.store.plans.list(cycle.id);
  return first;
}

/** Answers in aung's private chat, one after another. */
async function answers(...lines: string[]) {
  let last: Awaited<ReturnType<Harness["dm"]>> = [];
  for (const line of lines) last = await h.dm("aung", line);
  return last;
}

describe("drafting an action plan", () => {
  it("refuses to put an incomplete plan to the group, naming what is missing", async () => {
    await h.dm("aung", "/plan 1");
    const refused = await answers("1", "Robberies on the dark market road", "7");
    const text = toPerson(refused, "aung")[0] ?? "";
    expect(text).toContain("The plan is not complete yet. Still missing:");
    expect(text).toContain("• the steps the group agrees to take");
    expect(text).toContain("• review dates");
    expect(text).not.toContain("a clear statement of the problem");
    expect((await plan())?.status).toBe("draft");
    expect(await h.store.votes.openFor((await h.store.groups.find("test", GROUP))?.id ?? -1)).toBeNull();
  });

  it("stores every part, puts the complete plan to the group, and approves it by vote", async () => {
    await h.dm("aung", "/plan 1");
    await answers("1", "Robberies on the dark market road");
    await answers("2", "Ask the township for street lights", "2", "Walk home in groups", "1", "done");
    await answers("3", "Write to the electricity office", "2", "+14", "2", "done");
    await answers("4", "Fewer robberies", "done");
    await answers("5", "Robberies a month", "6", "1", "Women walking at night", "skip", "skip", "done");
    await answers("6", "+30", "done");
    const proposed = await answers("7");
    const posted = toGroup(proposed).join("\n");
    expect(posted).toContain("A plan is ready for the group's approval");
    expect(posted).toContain("“Ask the township for street lights” (long-term)");
    expect(posted).toContain("“Write to the electricity office” — Aung, by 2026-12-07 (long-term)");
    expect(posted).toContain("“Robberies a month”: now 6, aim 1");
    expect(posted).toContain("Answer 1 for yes or 2 for no.");
    const drafted = await plan();
    expect(drafted).toMatchObject({ status: "proposed", problem: "Robberies on the dark market road" });
    expect(drafted?.steps.map((s) => [s.text, s.horizon])).toEqual([["Ask the township for street lights", "long"], ["Walk home in groups", "quick"]]);
    expect(drafted?.tasks.map((t) => [t.title, t.ownerName])).toEqual([["Write to the electricity office", "Aung"]]);
    expect(drafted?.indicators.map((i) => [i.name, i.baseline, i.target])).toEqual([["Robberies a month", 6, 1], ["Women walking at night", null, null]]);
    expect(drafted?.reviews).toHaveLength(1);

    await h.dm("aung", "/vote 1");
    await h.dm("thida", "/vote 1");
    await h.dm("ram", "/vote 2");
    const closed = toGroup(await closeVoteNow(h)).join("\n");
    expect(closed).toContain("Yes: 2 · No: 1");
    expect(closed).toContain("The plan is approved.");
    expect((await plan())?.status).toBe("approved");
  });

  it("asks again when an answer is wrong: an unknown owner, a past date, a word for a number", async () => {
    await h.dm("aung", "/plan 1");
    await answers("3", "Write to the electricity office");
    expect(allText(await answers("9"))).toContain("That is not one of the choices. Please answer with a number from 1 to 4.");
    await answers("2");
    expect(allText(await answers("2020-01-01"))).toContain("That date has already passed.");
    expect(allText(await answers("soon"))).toContain("Please write the date as year-month-day");
    await answers("skip", "1", "done", "5", "Robberies a month");
    expect(allText(await answers("many"))).toContain("Please answer with a number, for example 12 or 3.5.");
  });

  it("takes the plan's menus and choices by button, and asks for typed parts as a reply in the group", async () => {
    const [menu] = (await h.dm("aung", "/plan 1")).filter((r) => r.choices);
    if (!menu) throw new Error("no plan menu");
    expect(menu.question).toBeDefined();
    const problem = await h.press("aung", menu, 1);
    expect(toPerson(problem, "aung")[0]).toContain("Describe the problem clearly");
    const [groupMenu] = (await h.group("thida", "/plan 1")).filter((r) => r.choices);
    if (!groupMenu) throw new Error("no plan menu in the group");
    const asked = await h.press("thida", groupMenu, 2);
    expect(asked.find((r) => r.to.kind === "chat")?.expectsReply).toBe(true);
  });

  it("lets another member take up the draft where the first left it", async () => {
    await h.dm("aung", "/plan 1");
    await answers("1", "Robberies on the dark market road", "/cancel");
    const menu = await h.dm("thida", "/plan 1");
    expect(toPerson(menu, "thida")[0]).toContain("1. ✅ The problem");
    expect(toPerson(menu, "thida")[0]).toContain("2. ⬜ The steps");
  });

  it("asks which priority when there are several", async () => {
    const asked = await h.dm("aung", "/plan");
    expect(toPerson(asked, "aung")[0]).toContain("Which priority is this plan for?");
    const menu = await h.dm("aung", "2");
    expect(toPerson(menu, "aung")[0]).toContain("Which part of the plan do you want to work on?");
  });
});

describe("a task's owner", () => {
  it("must still be a member when picked, and when the task is saved", async () => {
    await h.dm("aung", "/plan 1");
    await answers("3", "Write to the electricity office");
    // Thida (2 on the list) leaves the group before she is picked.
    await h.baraza.handle({ platform: "test", chat: { id: GROUP, kind: "group" }, sender: { id: "thida", name: "Thida" }, text: "", event: { kind: "member-left" } });
    const picked = toPerson(await answers("3"), "aung").join("\n");
    expect(picked).toContain("That person is no longer a member of the group. Please choose someone else.");
    expect(picked).not.toContain("Thida");
    // Ram (now 3 on the list) is picked, then forgotten before the task is saved: it is not saved with him, and the owner is asked again.
    await answers("3", "+7");
    await h.dm("ram", "/forgetme");
    await h.dm("ram", "1");
    const saved = toPerson(await answers("1"), "aung").join("\n");
    expect(saved).toContain("That person is no longer a member of the group.");
    expect((await plan())?.tasks).toEqual([]);
  });
});
