/**
 * Words sent with a command that is refused, in the wrong chat or by the
 * wrong person, are not kept, and the person is told so and where to send
 * them; a concern typed in the group is never taken there.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allText, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { FACILITATOR, groupAtStep2, groupWithMembers } from "../support/scenario.ts";
import { groupWithPriorities } from "../support/approved-plan.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const NOT_KEPT = "What you wrote with it was not kept.";

describe("text that was not used", () => {
  it("/concern with words in the group: nothing is stored, the group is told the words were not kept, and the person is asked again in private", async () => {
    await groupAtStep2(h);
    const replies = await h.group("aung", "/concern Soldiers at the checkpoint take money");
    expect(toGroup(replies)).toEqual([
      "I did not keep what you wrote: concerns are never taken in the group, so that no one can see who raised them. You may want to delete your message here.",
      "I have written to you in a private chat: send your concern there.",
    ]);
    const privately = toPerson(replies, "aung")[0] ?? "";
    expect(privately).toContain("The words you sent with /concern in the group were not kept. To raise that concern, send it here, where no one else sees it.");
    expect(privately).toContain("To raise a concern without your name, send it in one message that starts with /concern");
    expect(allText(replies)).not.toContain("Soldiers at the checkpoint");
    expect(await h.db.concern.count()).toBe(0);
    expect(await h.db.conversation.count()).toBe(0);
  });

  it("/concern alone in the group points to the private chat without speaking of words", async () => {
    await groupAtStep2(h);
    const replies = await h.group("aung", "/concern");
    expect(toGroup(replies)[0]).toContain("Please raise your concern there");
    expect(allText(replies)).not.toContain("not kept");
  });

  it("in Burmese: the group and the person read that the words were not kept", async () => {
    await groupAtStep2(h);
    await h.dm("aung", "/lang my");
    const replies = await h.group("aung", "/concern လမ်းမှာ မီးမရှိဘူး");
    expect(toPerson(replies, "aung")[0]).toContain("အဖွဲ့ထဲမှာ /concern နဲ့ ပို့ခဲ့တဲ့ စကားတွေကို မသိမ်းထားပါဘူး။");
    expect(toGroup(replies)[0]).toContain("I did not keep what you wrote");
    expect(await h.db.concern.count()).toBe(0);
  });

  it("/progress with a note in the wrong step: the note was not kept", async () => {
    await groupAtStep2(h);
    const early = await h.dm("aung", "/progress 1 Spoke to the township office");
    expect(toPerson(early, "aung")[0]).toContain("That belongs to another step of the cycle");
    expect(toPerson(early, "aung")[0]).toContain(NOT_KEPT);
    expect(await h.db.task.count()).toBe(0);
  });

  it("/progress with a note for a task that does not exist: the note was not kept", async () => {
    await groupWithPriorities(h);
    const missing = await h.dm("aung", "/progress 99 Spoke to the township office");
    expect(toPerson(missing, "aung")).toHaveLength(2);
    expect(toPerson(missing, "aung")[1]).toBe(NOT_KEPT);
  });

  it("/stakeholders add and /lessons add refused to someone who has not joined: the words were not kept", async () => {
    await groupWithMembers(h);
    const stakeholder = await h.group("stranger", "/stakeholders add The police chief");
    expect(toGroup(stakeholder)).toEqual(["Only members of this group can do that. To become a member, send /join in the group.\n" + NOT_KEPT]);
    const lesson = await h.group("stranger", "/lessons add Meet earlier");
    expect(toGroup(lesson)[0]).toContain(NOT_KEPT);
    expect(await h.db.stakeholder.count()).toBe(0);
    expect(await h.db.lesson.count()).toBe(0);
  });

  it("/assess with answers typed in the group: the count is shown, and the words were not kept", async () => {
    await groupWithMembers(h);
    const replies = await h.group("aung", "/assess The market is not safe");
    expect(toGroup(replies)[0]).toContain(NOT_KEPT);
    expect(await h.db.assessmentAnswer.count()).toBe(0);
    const plain = await h.group(FACILITATOR, "/assess");
    expect(toGroup(plain)[0]).not.toContain(NOT_KEPT);
  });
});
