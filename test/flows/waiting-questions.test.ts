/**
 * A question left unanswered is never dropped silently: another command runs
 * and the person is told the question still waits; a command that asks its
 * own question sets the earlier one aside, and it comes back afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GROUP, PLATFORM, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { FACILITATOR, groupAtStep2, groupWithMembers } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const ASK_CONCERN = "What makes you or others feel unsafe?";

async function concernsStored(): Promise<{ text: string; named: boolean }[]> {
  return (await h.db.concern.findMany({ orderBy: { id: "asc" } })).map((c) => ({ text: c.text, named: c.authorId !== null }));
}

describe("a question left unanswered", () => {
  it("a named concern half-raised stays through another command, which says it still waits; the words then come in as the concern", async () => {
    await groupAtStep2(h);
    await h.dm("aung", "/concern named");
    const listed = await h.dm("aung", "/concerns");
    expect(toPerson(listed, "aung").at(-1)).toBe("Your earlier question is still waiting for your answer: raising a concern with your name (/concern named). Answer it here, or send /cancel to stop it.");
    const saved = await h.dm("aung", "The bridge is unsafe at night");
    expect(toPerson(saved, "aung")[0]).toContain("Saved as concern #1, with your name.");
    expect(await concernsStored()).toEqual([{ text: "The bridge is unsafe at night", named: true }]);
  });

  it("a command that asks its own question sets the half-raised concern aside, and the concern's question comes back after it", async () => {
    await groupAtStep2(h);
    await h.dm("aung", "/concern named");
    const asked = await h.dm("aung", "/lang");
    expect(toPerson(asked, "aung")[0]).toBe("Your earlier question is kept for later: raising a concern with your name (/concern named). It comes back once you have answered this one, or stopped it with /cancel.");
    expect(toPerson(asked, "aung")[1]).toContain("Which language should I use with you?");
    const chosen = await h.dm("aung", "English");
    expect(toPerson(chosen, "aung")[0]).toBe("From now on I will write to you in English.");
    expect(toPerson(chosen, "aung")[1]).toContain("Back to your earlier question: raising a concern with your name (/concern named).");
    expect(toPerson(chosen, "aung")[1]).toContain(ASK_CONCERN);
    await h.dm("aung", "Fights at the crossroads");
    expect(await concernsStored()).toEqual([{ text: "Fights at the crossroads", named: true }]);
  });

  it("/cancel stops the question on top and brings back the one set aside; a second /cancel stops that too", async () => {
    await groupAtStep2(h);
    await h.dm("aung", "/concern named");
    await h.dm("aung", "/lang");
    const cancelled = await h.dm("aung", "/cancel");
    expect(toPerson(cancelled, "aung")[0]).toBe("Stopped. Nothing more will be asked. What you had already answered is kept.");
    expect(toPerson(cancelled, "aung")[1]).toContain(ASK_CONCERN);
    expect(toPerson(await h.dm("aung", "/cancel"), "aung")).toEqual(["Stopped. Nothing more will be asked. What you had already answered is kept."]);
    expect(toPerson(await h.dm("aung", "Late words"), "aung")).toEqual(["I answer commands. Send /help to see what I can do."]);
    expect(await concernsStored()).toEqual([]);
  });

  it("a 'move on anyway?' question in the group stays through another command, naming whose it is, and is answered afterwards", async () => {
    await groupWithMembers(h);
    await h.group(FACILITATOR, "/next");
    const other = await h.group(FACILITATOR, "/stakeholders");
    expect(toGroup(other).at(-1)).toBe("Amina, your earlier question is still waiting for your answer: moving the group to the next step (/next). Answer it here, or send /cancel to stop it.");
    const moved = await h.group(FACILITATOR, "1");
    expect(toGroup(moved)[0]).toContain("The group has moved on.");
    const group = await h.store.groups.find(PLATFORM, GROUP);
    expect((await h.store.cycles.current(group?.id ?? -1)).step).toBe(2);
  });

  it("/start while a question waits keeps it: the welcome, then the waiting question, which is then answered", async () => {
    await groupAtStep2(h);
    await h.dm("aung", "/concern named");
    const started = await h.dm("aung", "/start");
    expect(toPerson(started, "aung")).toHaveLength(1);
    expect(toPerson(started, "aung")[0]).toContain("Back to your earlier question: raising a concern with your name (/concern named).");
    expect(toPerson(started, "aung")[0]).toContain(ASK_CONCERN);
    expect(toPerson(started, "aung")[0]).not.toContain("Which language should I use with you?");
    await h.dm("aung", "No lights on the market road");
    expect(await concernsStored()).toEqual([{ text: "No lights on the market road", named: true }]);
  });

  it("an anonymous concern sent while a named one waits is stored without a name, and the named one still waits", async () => {
    await groupAtStep2(h);
    await h.dm("aung", "/concern named");
    const anonymous = await h.dm("aung", "/concern Someone follows girls home");
    expect(toPerson(anonymous, "aung")[0]).toContain("without your name");
    expect(toPerson(anonymous, "aung").at(-1)).toContain("Your earlier question is still waiting for your answer");
    await h.dm("aung", "The bridge is unsafe");
    expect(await concernsStored()).toEqual([
      { text: "Someone follows girls home", named: false },
      { text: "The bridge is unsafe", named: true },
    ]);
  });

  it("every conversation has a topic in every language, so none is named by a code", async () => {
    const { CONVERSATIONS } = await import("../../src/flows/registry.ts");
    for (const locale of ["en", "my"]) {
      for (const name of [...CONVERSATIONS.keys(), "pick-group"]) expect(h.texts.t(locale, `conversation.topics.${name}`)).not.toContain("conversation.topics");
    }
  });
});
