import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allText, GROUP, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { FACILITATOR, joinMembers, makeCoordinator, setUpGroup, SETUP_ANSWERS } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

describe("setting a group up", () => {
  it("asks each setup question in turn and stores the answers", async () => {
    await makeCoordinator(h);
    const first = await h.group(FACILITATOR, "/setup");
    expect(allText(first)).toContain("What is the group called?");
    for (const answer of SETUP_ANSWERS) await h.group(FACILITATOR, answer);
    const group = await h.store.groups.find("test", GROUP);
    expect(group).toMatchObject({ name: "Ward 4 Safety Group", place: "Hlaingbwe", locale: "en", timeZone: "Asia/Yangon" });
    expect(group?.setupAt).not.toBeNull();
    expect(toGroup(h.sent).at(-1)).toContain("The group is set up.");
    // Nobody is recorded as agreeing without having read what is kept: the facilitator is asked in private, like everyone.
    expect(await h.store.memberships.members(group?.id ?? -1)).toEqual([]);
    expect(toPerson(h.sent, FACILITATOR).at(-1)).toContain("Do you agree to take part?");
    expect(await h.db.membership.findMany({ select: { role: true, consentAt: true } })).toEqual([{ role: "facilitator", consentAt: null }]);
    await h.dm(FACILITATOR, "1");
    const members = await h.store.memberships.members(group?.id ?? -1);
    expect(members.map((m) => [m.person.platformUserId, m.role])).toEqual([[FACILITATOR, "facilitator"]]);
  });

  it("lets only whoever took up the invitation, still in the group, answer the setup questions", async () => {
    await makeCoordinator(h);
    const code = /\n\n(CODE\d+)\n\n/.exec(allText(await h.dm(FACILITATOR, "/invite")))?.[1] ?? "";
    await h.group("zaw", `/setup ${code}`);
    await h.group("zaw", "Ward 4");
    await h.baraza.handle({ platform: "test", chat: { id: GROUP, kind: "group" }, sender: { id: "zaw", name: "Zaw" }, text: "", event: { kind: "member-left" } });
    const after = await h.group("zaw", "Hlaingbwe");
    expect(allText(after)).not.toContain("Which language");
    expect((await h.store.groups.find("test", GROUP))?.place).toBeNull();
  });

  it("refuses a person without an invitation and stores no group", async () => {
    const replies = await h.group("stranger", "/setup");
    expect(allText(replies)).toContain("you need an invitation code");
    expect(await h.store.groups.find("test", GROUP)).toBeNull();
  });

  it("accepts a facilitator's one-time code once, and not a second time", async () => {
    await makeCoordinator(h);
    const invite = await h.dm(FACILITATOR, "/invite");
    const code = /\n\n(CODE\d+)\n\n/.exec(allText(invite))?.[1] ?? "";
    expect(code).toMatch(/^CODE/);
    await h.group("zaw", `/setup ${code}`);
    const reused = await h.group("kyaw", `/setup ${code}`, "group-2");
    expect(allText(reused)).toContain("That code did not work");
    expect(await h.store.groups.find("test", "group-2")).toBeNull();
  });

  it("asks again, with the reason, when an answer is not one of the choices", async () => {
    await makeCoordinator(h);
    await h.group(FACILITATOR, "/setup");
    await h.group(FACILITATOR, "Ward 4");
    await h.group(FACILITATOR, "Hlaingbwe");
    const wrong = await h.group(FACILITATOR, "42");
    expect(allText(wrong)).toContain("I don't know the language “42”");
    expect(allText(wrong)).toContain("Which language should the group use?");
  });
});

describe("joining", () => {
  it("asks for consent in private and counts the new member only after it", async () => {
    await setUpGroup(h);
    const asked = await h.group("aung", "/join");
    expect(toGroup(asked)[0]).toContain("I have written to you in a private chat");
    expect(toPerson(asked, "aung")[0]).toContain("not end-to-end encrypted");
    expect(toPerson(asked, "aung")[0]).toContain("Do you agree to take part?");
    const group = await h.store.groups.find("test", GROUP);
    expect(await h.store.memberships.members(group?.id ?? -1)).toHaveLength(1);
    await h.dm("aung", "1");
    await h.dm("aung", "1 4");
    const members = await h.store.memberships.members(group?.id ?? -1);
    expect(members.map((m) => m.person.platformUserId)).toEqual([FACILITATOR, "aung"]);
    expect(members[1]?.person.selfDescription).toEqual(["woman", "young"]);
  });

  it("keeps nothing when the person declines", async () => {
    await setUpGroup(h);
    await h.group("aung", "/join");
    const declined = await h.dm("aung", "2");
    expect(allText(declined)).toContain("You have not joined");
    const group = await h.store.groups.find("test", GROUP);
    expect(await h.store.memberships.members(group?.id ?? -1)).toHaveLength(1);
  });

  it("lets members skip describing themselves", async () => {
    await setUpGroup(h);
    await joinMembers(h, ["aung"]);
    const person = await h.store.people.identify("test", "aung", "Aung");
    expect(person.selfDescription).toBeNull();
  });
});
