import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GROUP, PLATFORM, startHarness, type Harness } from "../support/harness.ts";
import { FACILITATOR, groupWithMembers } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await groupWithMembers(h);
});
afterEach(() => h.close());

describe("things that happen in the chat", () => {
  it("marks a member who left the chat as gone, keeping what they contributed", async () => {
    await h.group(FACILITATOR, "/next");
    await h.group(FACILITATOR, "1");
    await h.dm("ram", "/concern named");
    await h.dm("ram", "Fights at the crossroads");
    const replies = await h.baraza.handle({ platform: PLATFORM, chat: { id: GROUP, kind: "group" }, sender: { id: "ram", name: "Ram" }, text: "", event: { kind: "member-left" } });
    expect(replies).toEqual([]);
    const group = await h.store.groups.find(PLATFORM, GROUP);
    const members = await h.store.memberships.members(group?.id ?? -1);
    expect(members.map((m) => m.person.platformUserId)).toEqual([FACILITATOR, "aung", "thida"]);
    expect((await h.store.concerns.list(group?.id ?? -1, ["open"])).map((c) => c.text)).toEqual(["Fights at the crossroads"]);
  });

  it("keeps a group's data when its chat moves to a new id, and answers there", async () => {
    const before = await h.store.groups.find(PLATFORM, GROUP);
    await h.baraza.handle({ platform: PLATFORM, chat: { id: GROUP, kind: "group" }, sender: { id: FACILITATOR, name: "Amina" }, text: "", event: { kind: "chat-moved", toChatId: "super-1" } });
    expect(await h.store.groups.find(PLATFORM, GROUP)).toBeNull();
    expect((await h.store.groups.find(PLATFORM, "super-1"))?.id).toBe(before?.id);
    const step = await h.group("aung", "/step", "super-1");
    expect(step[0]?.text).toContain("Step 1 of 5");
  });
});
