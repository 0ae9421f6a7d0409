/**
 * Rights are those of now, on every answer: a question asked before someone
 * was removed, or lost their role, or before the group moved on, cannot be
 * answered into what it led to.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allText, GROUP, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { FACILITATOR, groupAtStep2, groupWithMembers, setUpGroup } from "../support/scenario.ts";
import { groupWithPriorities } from "../support/approved-plan.ts";
import { snapshot } from "../support/snapshot.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

/** The platform reports that `person` left the group's chat, or was removed from it. */
function leaves(person: string) {
  return h.baraza.handle({ platform: "test", chat: { id: GROUP, kind: "group" }, sender: { id: person, name: person }, text: "", event: { kind: "member-left" } });
}

describe("an answer after losing the right to give it", () => {
  it("someone removed from the chat before agreeing does not become a member by agreeing later, nor get the group's export", async () => {
    await setUpGroup(h);
    await h.group("mallory", "/join");
    await leaves("mallory");
    const before = await snapshot(h.db);
    const agreed = await h.dm("mallory", "1");
    expect(allText(agreed)).not.toContain("you are now a member");
    expect(toGroup(agreed)).toEqual([]);
    expect(await snapshot(h.db)).toEqual(before);
    expect(allText(await h.dm("mallory", "/export"))).toContain("You are not a member of any group yet.");
  });

  it("a facilitator who left cannot confirm an old /next", async () => {
    await groupWithMembers(h);
    await h.group(FACILITATOR, "/next");
    await leaves(FACILITATOR);
    const before = await snapshot(h.db);
    const confirmed = await h.group(FACILITATOR, "1");
    expect(allText(confirmed)).not.toContain("Step 2 of 5");
    expect(await snapshot(h.db)).toEqual(before);
  });

  it("a facilitator who is a member no more, by the store alone, is refused the same way", async () => {
    await groupWithMembers(h);
    await h.group(FACILITATOR, "/next");
    await h.db.membership.updateMany({ where: { person: { platformUserId: FACILITATOR } }, data: { role: "member" } });
    const before = await snapshot(h.db);
    expect(toGroup(await h.group(FACILITATOR, "1"))).toEqual(["Only the group's facilitator can do that."]);
    expect(await snapshot(h.db)).toEqual(before);
  });

  it("a member removed from the group cannot finish a concern", async () => {
    await groupAtStep2(h);
    await h.dm("aung", "/concern named");
    await h.db.membership.updateMany({ where: { person: { platformUserId: "aung" } }, data: { leftAt: new Date() } });
    const before = await snapshot(h.db);
    expect(toPerson(await h.dm("aung", "Soldiers take money at the checkpoint"), "aung")).toEqual(["Only members of this group can do that. To become a member, send /join in the group.\nWhat you wrote with it was not kept."]);
    expect(await snapshot(h.db)).toEqual(before);
    expect(await h.db.conversation.count()).toBe(0);
  });

  it("a member removed from the group cannot finish an assessment", async () => {
    await groupWithMembers(h);
    await h.dm("thida", "/assess");
    await h.dm("thida", "The road after dark.");
    await leaves("thida");
    const before = await snapshot(h.db);
    const replies = await h.dm("thida", "Walking home at night.");
    expect(allText(replies)).not.toContain("Question 3");
    expect(await snapshot(h.db)).toEqual(before);
  });

  it("a member removed from the group cannot go on drafting a plan", async () => {
    await groupWithPriorities(h);
    await h.dm("aung", "/plan 1");
    await h.dm("aung", "1");
    await h.db.membership.updateMany({ where: { person: { platformUserId: "aung" } }, data: { leftAt: new Date() } });
    const before = await snapshot(h.db);
    expect(toPerson(await h.dm("aung", "Robberies on the dark road"), "aung")).toEqual(["Only members of this group can do that. To become a member, send /join in the group.\nWhat you wrote with it was not kept."]);
    expect(await snapshot(h.db)).toEqual(before);
  });

  it("an answer meant for an earlier step of the cycle is refused once the group has moved on", async () => {
    await groupAtStep2(h);
    await h.dm("aung", "/concern named");
    await h.db.cycle.updateMany({ data: { step: 3 } });
    const replies = toPerson(await h.dm("aung", "Soldiers take money"), "aung").join("\n");
    expect(replies).toContain("That belongs to another step of the cycle");
    expect(await h.db.concern.count()).toBe(0);
  });
});
