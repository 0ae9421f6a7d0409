/**
 * Answers typed in words mean what the number would: a choice's label or an
 * unambiguous start of it, yes and no, a language's name, cancel, skip and
 * done without a slash, in English or Burmese, whatever the chat's language;
 * and Burmese digits wherever a number is asked for.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GROUP, PLATFORM, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { FACILITATOR, groupAtStep2, groupWithMembers, makeCoordinator, setUpGroup } from "../support/scenario.ts";
import { groupWithPriorities } from "../support/approved-plan.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

async function stepNow(): Promise<number | undefined> {
  const group = await h.store.groups.find(PLATFORM, GROUP);
  return group ? (await h.store.cycles.current(group.id)).step : undefined;
}

describe("answers in words", () => {
  it("set a group up: a language by its name, a time zone by its name, and the site questions by yes and no in either language", async () => {
    await makeCoordinator(h);
    await h.group(FACILITATOR, "/setup");
    for (const answer of ["Ward 4 Safety Group", "Hlaingbwe", "Burmese", "Asia/Kathmandu", "ဟုတ်ကဲ့", "yes", "ဟင့်အင်း", "no", "ဟုတ်"]) await h.group(FACILITATOR, answer);
    const group = await h.store.groups.find(PLATFORM, GROUP);
    expect(group).toMatchObject({ locale: "my", timeZone: "Asia/Kathmandu" });
    const checks = await h.store.siteChecks.list(group?.id ?? -1);
    expect(checks.map((check) => check.met)).toEqual([true, true, false, false, true]);
  });

  it("choose a language by its name in any script, and /lang with a name", async () => {
    await h.dm("aung", "/lang");
    expect(toPerson(await h.dm("aung", "မြန်မာ"), "aung")).toEqual(["အခုကစပြီး သင့်ဆီကို မြန်မာဘာသာနဲ့ ရေးပါမယ်။"]);
    expect(toPerson(await h.dm("aung", "/lang English"), "aung")).toEqual(["From now on I will write to you in English."]);
    expect(toPerson(await h.dm("aung", "/lang Myanmar"), "aung")).toEqual(["အခုကစပြီး သင့်ဆီကို မြန်မာဘာသာနဲ့ ရေးပါမယ်။"]);
  });

  it("answer a yes-or-no question: 'nope' stays, 'Yes' moves on", async () => {
    await groupWithMembers(h);
    await h.group(FACILITATOR, "/next");
    expect(toGroup(await h.group(FACILITATOR, "nope"))).toEqual(["The group stays at this step."]);
    expect(await stepNow()).toBe(1);
    await h.group(FACILITATOR, "/next");
    expect(toGroup(await h.group(FACILITATOR, "Yes"))[0]).toContain("The group has moved on.");
    expect(await stepNow()).toBe(2);
  });

  it("take part in Burmese words in a Burmese chat, and an answer that is neither yes nor no asks again", async () => {
    await makeCoordinator(h);
    await h.group(FACILITATOR, "/setup");
    for (const answer of ["ရပ်ကွက် ၄", "လှိုင်းဘွဲ့", "၂", "၁", "၁", "၁", "၁", "၁", "၁"]) await h.group(FACILITATOR, answer);
    await h.group("aung", "/join");
    const group = await h.store.groups.find(PLATFORM, GROUP);
    const members = async () => (await h.store.memberships.members(group?.id ?? -1)).length;
    const before = await members();
    const unclear = await h.dm("aung", "မသိဘူး");
    expect(toPerson(unclear, "aung")[0]).toContain("ရွေးစရာတွေထဲမှာ မပါပါဘူး");
    expect(await members()).toBe(before);
    await h.dm("aung", "ဟုတ်ကဲ့");
    expect(await members()).toBe(before + 1);
  });

  it("pick a listed option by the start of its words; a start that fits several offers those again and keeps nothing", async () => {
    await groupWithMembers(h);
    await h.dm("aung", "/stakeholders add The village head");
    const ambiguous = await h.dm("aung", "likely");
    expect(toPerson(ambiguous, "aung")).toEqual([
      "“likely” could be more than one of the choices below. Please answer with the number, or with more of the words.\n\nIs “The village head” likely to support the group's work or to oppose it?\n1. likely to support\n2. likely to oppose\nAnswer with a number.",
    ]);
    expect(await h.db.stakeholder.count()).toBe(0);
    // Only the choices it could be are offered, and pressing one answers the same question.
    const offered = ambiguous.find((reply) => reply.to.kind === "person");
    expect(offered?.choices?.map((choice) => choice.label)).toEqual(["likely to support", "likely to oppose"]);
    expect(toPerson(await h.press("aung", offered ?? ambiguous[0]!, "likely to oppose"), "aung")).toEqual(["Added: The village head (likely to oppose)."]);
    await h.dm("aung", "/stakeholders add The market chief");
    await h.dm("aung", "likely");
    expect(toPerson(await h.dm("aung", "Likely to opp"), "aung")).toEqual(["Added: The market chief (likely to oppose)."]);
    await h.dm("aung", "/stakeholders add The teashop owner");
    expect(toPerson(await h.dm("aung", "not"), "aung")).toEqual(["Added: The teashop owner (not sure)."]);
  });

  it("stop a question with cancel or its Burmese word, without the slash; in the group, 'stop' with nothing waiting is just talk", async () => {
    await makeCoordinator(h);
    await h.group(FACILITATOR, "/setup");
    await h.group(FACILITATOR, "Ward 4 Safety Group");
    expect(toGroup(await h.group(FACILITATOR, "cancel"))).toEqual(["Stopped. Nothing more will be asked. What you had already answered is kept."]);
    expect((await h.store.groups.find(PLATFORM, GROUP))?.name).toBe("Ward 4 Safety Group");
    expect(await h.group(FACILITATOR, "stop")).toEqual([]);
    await h.dm("aung", "/lang");
    expect(toPerson(await h.dm("aung", "ရပ်"), "aung")).toEqual(["Stopped. Nothing more will be asked. What you had already answered is kept."]);
  });

  it("skip and done in Burmese in an English chat, and Burmese digits in numbers, dates and vote options", async () => {
    await groupWithPriorities(h);
    for (const line of ["/plan 1", "၅", "Robberies a month", "၆", "ကျော်", "ပြီးပြီ"]) await h.dm("aung", line);
    const plan = (await h.db.actionPlan.findMany({ include: { indicators: true } }))[0];
    expect(plan?.indicators.map((i) => [i.name, i.baseline, i.target])).toEqual([["Robberies a month", 6, null]]);
    for (const line of ["၄", "Fewer robberies", "done", "၆", "+၁၄", "done"]) await h.dm("aung", line);
    expect(await h.db.reviewMeeting.count()).toBe(1);
  });

  it("takes 0 as a measure's value, not as skip: no robberies is the aim", async () => {
    await groupWithPriorities(h);
    for (const line of ["/plan 1", "၅", "Robberies a month", "6", "0", "done"]) await h.dm("aung", line);
    const plan = (await h.db.actionPlan.findMany({ include: { indicators: true } }))[0];
    expect(plan?.indicators.map((i) => [i.name, i.baseline, i.target])).toEqual([["Robberies a month", 6, 0]]);
  });

  it("open a dot vote with its points in Burmese digits, and cast a ballot by a concern's words", async () => {
    await groupAtStep2(h);
    for (const [person, text] of [["aung", "No lights on the market road"], ["thida", "Fights at the crossroads"]] as const) await h.dm(person, `/concern ${text}`);
    const opened = await h.group(FACILITATOR, "/vote dot ၂");
    expect(toGroup(opened).join("\n")).toContain("You have 2 points.");
    await h.dm("ram", "/vote");
    const added = await h.dm("ram", "fights");
    expect(toPerson(added, "ram")[0]).toContain("#2 “Fights at the crossroads” now has 1 point from you.");
    await h.dm("ram", "No lights");
    expect(toPerson(await h.dm("ram", "done"), "ram")[0]).toContain("Your vote is saved");
    expect(await h.db.ballot.count()).toBe(1);
  });
});

describe("answers in words, with nothing to match", () => {
  it("a word that is no choice asks again and keeps nothing", async () => {
    await setUpGroup(h);
    await h.group("aung", "/join");
    const replies = await h.dm("aung", "maybe later");
    expect(toPerson(replies, "aung")[0]).toContain("That is not one of the choices. Please answer with a number from 1 to 2.");
    const group = await h.store.groups.find(PLATFORM, GROUP);
    expect(await h.store.memberships.members(group?.id ?? -1)).toHaveLength(1);
  });
});
