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
    const shown = toPerson(await answers("7"), "aung").join("\n");
    expect(shown).toContain("This is the whole plan:");
    expect(shown).toContain("“Write to the electricity office” — Aung, by 2026-12-07 (long-term)");
    expect(shown).toContain("Put it to the group's vote now?\n1. Yes, put it to the vote\n2. No, go back to the plan\nAnswer with a number.");
    expect((await plan())?.status).toBe("draft");
    const proposed = await answers("1");
    const posted = toGroup(proposed).join("\n");
    expect(posted).toContain("A plan is ready for the group's approval");
    expect(posted).toContain("“Ask the township for street lights” (long-term)");
    expect(posted).toContain("“Write to the electricity office” — Aung, by 2026-12-07 (long-term)");
    expect(posted).toContain("“Robberies a month”: at the start 6, aim 1");
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
    expect(allText(await answers("2083-08-16"))).toContain("That date is more than 5 years away. Please write it in the Gregorian calendar");
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
    expect(asked.find((r) => r.to.kind === "chat")?.input).toEqual({ person: { id: "thida", name: "Thida" } });
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

describe("the plan builder's lists", () => {
  it("lists what each part holds so far, numbered, with how to change or remove an item", async () => {
    await h.dm("aung", "/plan 1");
    await answers("2", "Ask the township for street lights", "2");
    const listed = toPerson(await answers("Walk home in groups", "1"), "aung").join("\n");
    expect(listed).toContain("Steps so far: 2.\n  1. “Ask the township for street lights” (long-term)\n  2. “Walk home in groups” (quick fix)\nTo write one anew, send its number; to remove one, send - and its number (for example -2).\nWrite one step");
    await answers("done", "3", "Write to the electricity office", "2", "2026-12-07", "2");
    const tasks = toPerson(await h.dm("aung", "Organise a walking rota"), "aung").join("\n");
    expect(tasks).toContain("Who will do “Organise a walking rota”?");
    await answers("3", "skip");
    const both = toPerson(await answers("1"), "aung").join("\n");
    expect(both).toContain("Tasks so far: 2.\n  1. “Write to the electricity office” — Aung, by 2026-12-07 (long-term)\n  2. “Organise a walking rota” — Thida (quick fix)");
    await answers("done", "6", "+30");
    expect(toPerson(await answers("2026-12-31"), "aung").join("\n")).toContain("Review dates so far: 2.\n  1. 2026-12-23\n  2. 2026-12-31");
  });

  it("writes one item anew in its place, keeping the others, and done keeps it as it was", async () => {
    await h.dm("aung", "/plan 1");
    await answers("2", "Ask the township for street lights", "2", "Walk home in groups", "1");
    const asked = toPerson(await answers("1"), "aung").join("\n");
    expect(asked).toContain("Step 1 now reads: “Ask the township for street lights” (long-term)\nWrite the step anew, or send done to keep it as it is.");
    // done keeps it: nothing changes.
    await answers("done");
    expect((await plan())?.steps.map((s) => s.text)).toEqual(["Ask the township for street lights", "Walk home in groups"]);
    await answers("1", "Ask the township for solar street lights");
    const changed = toPerson(await answers("1"), "aung").join("\n");
    expect(changed).toContain("Saved.");
    expect(changed).toContain("  1. “Ask the township for solar street lights” (quick fix)\n  2. “Walk home in groups” (quick fix)");
    expect((await plan())?.steps.map((s) => [s.text, s.horizon])).toEqual([["Ask the township for solar street lights", "quick"], ["Walk home in groups", "quick"]]);

    // A task written anew is asked for its owner, date and kind again, and keeps its place.
    await answers("done", "3", "Write to the electricity office", "2", "+7", "2", "Organise a walking rota", "3", "+14", "1");
    await answers("2", "Organise a walking rota with the youth group", "4", "skip");
    await answers("2");
    const tasks = (await plan())?.tasks.map((t) => [t.title, t.ownerName, t.dueAt, t.horizon]);
    expect(tasks).toEqual([["Write to the electricity office", "Aung", expect.any(Date), "long"], ["Organise a walking rota with the youth group", "Ram", null, "long"]]);

    // A measure written anew is asked for its numbers again.
    await answers("done", "5", "Robberies a month", "6", "1");
    expect(toPerson(await answers("1"), "aung").join("\n")).toContain("Measure 1 now reads: “Robberies a month”: at the start 6, aim 1");
    await answers("Robberies a month on the market road", "5", "2");
    expect((await plan())?.indicators.map((i) => [i.name, i.baseline, i.target])).toEqual([["Robberies a month on the market road", 5, 2]]);

    // A review date written anew.
    await answers("done", "6", "+30", "1");
    await answers("2027-01-15");
    expect((await plan())?.reviews.map((r) => r.scheduledFor.toISOString())).toEqual(["2027-01-14T17:30:00.000Z"]);
  });

  it("removes one item with - and its number, and refuses a number the list does not have", async () => {
    await h.dm("aung", "/plan 1");
    await answers("4", "Fewer robberies", "Women walk home without fear", "Traders stay open later");
    const removed = toPerson(await answers("-2"), "aung").join("\n");
    expect(removed).toContain("Removed: “Women walk home without fear”");
    expect(removed).toContain("Objectives so far: 2.\n  1. “Fewer robberies”\n  2. “Traders stay open later”");
    expect((await plan())?.objectives.map((o) => o.text)).toEqual(["Fewer robberies", "Traders stay open later"]);
    for (const wrong of ["-5", "9"]) {
      const refused = toPerson(await answers(wrong), "aung").join("\n");
      expect(refused).toContain(`There is no number ${wrong.replace("-", "")} in this list. The numbers go from 1 to 2.`);
      expect((await plan())?.objectives.map((o) => o.text)).toEqual(["Fewer robberies", "Traders stay open later"]);
    }
    // Burmese digits work as well.
    await answers("-၁");
    expect((await plan())?.objectives.map((o) => o.text)).toEqual(["Traders stay open later"]);
  });

  it("takes a number as an item's words while the list is still empty", async () => {
    await h.dm("aung", "/plan 1");
    await answers("4", "100");
    expect((await plan())?.objectives.map((o) => o.text)).toEqual(["100"]);
  });
});

describe("putting the plan to the vote", () => {
  it("shows the whole plan first, and a no goes back to the menu with nothing sent to the group", async () => {
    await h.dm("aung", "/plan 1");
    await answers("1", "Robberies on the dark market road", "2", "Ask the township for street lights", "2", "done");
    await answers("3", "Write to the electricity office", "2", "+14", "2", "done", "4", "Fewer robberies", "done");
    await answers("5", "Robberies a month", "6", "1", "done", "6", "+30", "done");
    const shown = await answers("7");
    expect(toGroup(shown)).toEqual([]);
    const text = toPerson(shown, "aung").join("\n");
    for (const part of ["The problem:", "“Robberies on the dark market road”", "Steps:", "Tasks:", "Objectives:", "Measures of progress:", "Review dates:", "2026-12-23"]) expect(text).toContain(part);
    expect(allText(await answers("3"))).toContain("That is not one of the choices. Please answer with a number from 1 to 2.");
    const back = toPerson(await answers("2"), "aung").join("\n");
    expect(back).toContain("Which part of the plan do you want to work on?");
    expect((await plan())?.status).toBe("draft");
    expect(await h.store.votes.openFor((await h.store.groups.find("test", GROUP))?.id ?? -1)).toBeNull();
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
