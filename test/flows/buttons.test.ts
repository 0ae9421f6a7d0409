/**
 * Buttons: a press answers the question its button belongs to, and only
 * while that question waits for the presser's answer. Ballots are filled in
 * a press (or a `+2`) at a time, and a repeated or late press changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/flows/messages.ts";
import { GROUP, type Harness, startHarness, toGroup, toPerson, visible } from "../support/harness.ts";
import { FACILITATOR, closeVoteNow, makeCoordinator, openVoteOnConcerns, setUpGroup } from "../support/scenario.ts";
import { snapshot } from "../support/snapshot.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const STALE = "That button belongs to a question that is no longer waiting for your answer, so nothing was changed.";

/** The last message sent to a person (or to the group) that has buttons. */
function lastWithButtons(replies: Outbound[], to: string = GROUP): Outbound {
  const found = replies.filter((r) => r.choices && (r.to.kind === "chat" ? r.to.chatId === to : r.to.userId === to)).at(-1);
  if (!found) throw new Error(`no message with buttons to ${to}`);
  return found;
}

async function unchanged(act: () => Promise<unknown>): Promise<void> {
  const before = await snapshot(h.db);
  await act();
  expect(await snapshot(h.db)).toEqual(before);
}

async function openVote(args = ""): Promise<Outbound> {
  return lastWithButtons(await openVoteOnConcerns(h, args));
}

async function ballots(): Promise<number[][]> {
  const rows = await h.db.ballot.findMany({ orderBy: { id: "asc" } });
  return rows.map((row) => JSON.parse(row.choices) as number[]);
}

describe("pressing a question's buttons", () => {
  it("answers the question, and marks the reply as answering it so the platform can take the buttons away", async () => {
    await setUpGroup(h);
    const question = lastWithButtons(await h.group("aung", "/join"), "aung");
    expect(question.question).toMatch(/^[A-Za-z0-9_-]{12}$/);
    const replies = await h.press("aung", question, 1);
    const answering = replies.filter((r) => r.answers);
    expect(answering).toHaveLength(1);
    expect(answering[0]?.to).toEqual({ kind: "person", platform: "test", userId: "aung" });
    expect(answering[0]?.answers).toEqual({ question: question.question, inPlace: false });
    expect(await h.db.membership.count({ where: { consentAt: { not: null } } })).toBe(2);
  });

  it("refuses a second press of an answered question, saying so to the presser alone, and changes nothing", async () => {
    await setUpGroup(h);
    const question = lastWithButtons(await h.group("aung", "/join"), "aung");
    await h.press("aung", question, 1);
    let replies: Outbound[] = [];
    await unchanged(async () => {
      replies = await h.press("aung", question, 2);
    });
    expect(replies).toEqual([{ to: { kind: "person", platform: "test", userId: "aung" }, text: STALE, locale: "en", visibility: { person: "aung" } }]);
  });

  it("refuses a press on someone else's question in the group, and takes the asker's own", async () => {
    await makeCoordinator(h);
    await h.group(FACILITATOR, "/setup");
    await h.group(FACILITATOR, "Ward 4 Safety Group");
    const language = lastWithButtons(await h.group(FACILITATOR, "Hlaingbwe"));
    let replies: Outbound[] = [];
    await unchanged(async () => {
      replies = await h.press("aung", language, 2);
    });
    expect(replies).toEqual([{ to: { kind: "chat", platform: "test", chatId: GROUP }, text: STALE, locale: "en", visibility: { person: "aung" } }]);
    await h.press(FACILITATOR, language, 2);
    expect((await h.db.group.findFirst())?.locale).toBe("my");
  });

  it("refuses a press on a question that a typed answer has already moved past", async () => {
    await setUpGroup(h);
    const question = lastWithButtons(await h.group("aung", "/join"), "aung");
    await h.dm("aung", "1");
    await unchanged(async () => {
      expect((await h.press("aung", question, 1)).map((r) => r.text)).toEqual([STALE]);
    });
  });

  it("takes a typed answer and a press of the same question alike, and a press after a wrong typed answer still counts", async () => {
    await setUpGroup(h);
    const question = lastWithButtons(await h.group("aung", "/join"), "aung");
    const retry = await h.dm("aung", "7");
    expect(retry[0]?.question).toBe(question.question);
    const replies = await h.press("aung", question, 1);
    expect(replies[0]?.text).not.toBe(STALE);
    expect(await h.db.membership.count({ where: { consentAt: { not: null } } })).toBe(2);
  });
});

/** The labels of a message's buttons, as read. */
function labels(message: Outbound): string[] {
  return message.choices?.map((c) => visible(c.label)) ?? [];
}

describe("filling in a ballot with buttons", () => {
  it("adds and takes back points one press at a time, showing the points left, and casts with the last button", async () => {
    const announcement = await openVote("dot 3");
    expect(announcement.choices).toEqual([{ number: 1, label: "🗳️ Vote in private", answer: "/vote" }]);
    expect(announcement.question).toBeUndefined();

    const sent = await h.press("aung", announcement, "Vote in private");
    expect(toGroup(sent)).toEqual(["I have sent you the ballot in our private chat. Vote there, where no one sees your choice."]);
    expect(sent.find((r) => r.to.kind === "chat")?.visibility).toEqual({ person: "aung" });
    let ballot = lastWithButtons(sent, "aung");
    expect(ballot.text).toContain("3 points left to give.");
    expect(labels(ballot)).toEqual(["➕ 1. #1 “No lights on the market road”", "➕ 2. #2 “Harassment on the plantation path”", "➕ 3. #3 “Fights at the crossroads”"]);

    ballot = lastWithButtons(await h.press("aung", ballot, "➕ 2."), "aung");
    expect(ballot.answers?.inPlace).toBe(true);
    expect(visible(ballot.text)).toContain("• 1 point: #2 “Harassment on the plantation path”");
    expect(ballot.text).toContain("2 points left to give.");
    ballot = lastWithButtons(await h.press("aung", ballot, "➕ 2."), "aung");
    expect(labels(ballot)).toContain("➕ 2. #2 “Harassment on the plantation path” (2)");
    ballot = lastWithButtons(await h.press("aung", ballot, "➕ 3."), "aung");
    expect(ballot.text).toContain("No points left to give.");
    expect(ballot.choices?.map((c) => c.label)).toEqual(["➖ 2", "➖ 3", "✅ Cast my vote"]);
    ballot = lastWithButtons(await h.press("aung", ballot, "➖ 3"), "aung");
    ballot = lastWithButtons(await h.press("aung", ballot, "➕ 1."), "aung");
    expect(await ballots()).toEqual([]);

    const cast = await h.press("aung", ballot, "Cast my vote");
    expect(toPerson(cast, "aung")[0]).toContain("✅ Your vote is saved:");
    expect(cast.find((r) => r.answers)?.answers).toEqual({ question: ballot.question, inPlace: true });
    expect(await ballots()).toEqual([[2, 2, 1]]);
  });

  it("counts a double press once: the second press of the same button is refused", async () => {
    const announcement = await openVote("dot 3");
    const ballot = lastWithButtons(await h.press("aung", announcement, "Vote in private"), "aung");
    await h.press("aung", ballot, "➕ 1.");
    const again = await h.press("aung", ballot, "➕ 1.");
    expect(again.map((r) => r.text)).toEqual([STALE]);
    const state = await h.db.conversation.findFirst({ where: { key: "test:dm:" + (await personId("aung")) } });
    expect(JSON.parse(state?.state ?? "{}").picked).toEqual([1]);
  });

  it("takes the same steps typed: +2, -2 and done, and says what is wrong without losing the ballot", async () => {
    await openVote("dot 2");
    await h.dm("thida", "/vote");
    expect(visible((await h.dm("thida", "+9"))[0]?.text ?? "")).toContain("There is no option 9. The options go from 1 to 3.");
    expect((await h.dm("thida", "-1"))[0]?.text).toContain("You have given nothing to concern 1, so there is nothing to take back.");
    await h.dm("thida", "+1");
    expect((await h.dm("thida", "done"))[0]?.text).toContain("You still have 1 point to give.");
    await h.dm("thida", "+၃");
    expect((await h.dm("thida", "+2"))[0]?.text).toContain("You have given all your points.");
    expect((await h.dm("thida", "done"))[0]?.text).toContain("Your vote is saved");
    expect(await ballots()).toEqual([[1, 3]]);
  });

  it("keeps what each button sends when the ballot is asked again after a mistake", async () => {
    await openVote("ranked");
    await h.dm("ram", "/vote");
    const retry = lastWithButtons(await h.dm("ram", "-1"), "ram");
    expect(retry.choices?.map((c) => c.answer)).toEqual(["+1", "+2", "+3"]);
    await h.press("ram", retry, "➕ 2.");
    expect(await ballots()).toEqual([]);
    const restarted = lastWithButtons(await h.dm("ram", "/start resume"), "ram");
    expect(restarted.choices?.map((c) => c.answer)).toEqual(["+1", "+3", "-2", "done"]);
  });

  it("still takes a whole ballot typed at once in the middle of filling one in", async () => {
    await openVote("dot 3");
    await h.dm("ram", "/vote");
    await h.dm("ram", "+1");
    await h.dm("ram", "3 3 3");
    expect(await ballots()).toEqual([[3, 3, 3]]);
  });

  it("builds a ranked ballot in the order of the presses", async () => {
    const announcement = await openVote("ranked");
    let ballot = lastWithButtons(await h.press("ram", announcement, "Vote in private"), "ram");
    ballot = lastWithButtons(await h.press("ram", ballot, "➕ 3."), "ram");
    expect(visible(ballot.text)).toContain("1. #3 “Fights at the crossroads”");
    ballot = lastWithButtons(await h.press("ram", ballot, "➕ 1."), "ram");
    expect(labels(ballot)).toEqual(["➕ 2. #2 “Harassment on the plantation path”", "➖ 1", "➖ 3", "✅ Cast my vote"]);
    await h.press("ram", ballot, "Cast my vote");
    expect(await ballots()).toEqual([[3, 1]]);
  });

  it("refuses the ballot button to someone who has not joined, telling them alone", async () => {
    const announcement = await openVote();
    const replies = await h.press("stranger", announcement, "Vote in private");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.visibility).toEqual({ person: "stranger" });
    expect(await ballots()).toEqual([]);
  });

  it("refuses a ballot's buttons to someone who has left the group since it was sent", async () => {
    const announcement = await openVote();
    const ballot = lastWithButtons(await h.press("aung", announcement, "Vote in private"), "aung");
    await h.baraza.handle({ platform: "test", chat: { id: GROUP, kind: "group" }, sender: { id: "aung", name: "Aung" }, text: "", event: { kind: "member-left" } });
    // Leaving ended the ballot waiting for them: the press is on a question no longer asked.
    const replies = await h.press("aung", ballot, "➕ 1.");
    expect(toPerson(replies, "aung")).toEqual([STALE]);
    expect(await ballots()).toEqual([]);
  });

  it("refuses a typed answer to a ballot from someone who is no longer a member, and ends it", async () => {
    await openVote();
    await h.dm("aung", "/vote");
    // Removed from the group's members by the store alone (the platform sent no event): rights are those of now.
    await h.db.membership.updateMany({ where: { person: { platformUserId: "aung" } }, data: { leftAt: new Date() } });
    expect(toPerson(await h.dm("aung", "1 1 1"), "aung")).toEqual([h.texts.t("en", "errors.not-joined")]);
    expect(await ballots()).toEqual([]);
    expect(toPerson(await h.dm("aung", "1 1 1"), "aung")[0]).toContain(h.texts.t("en", "conversation.no-command"));
  });

  it("refuses a ballot's buttons once the vote has closed", async () => {
    const announcement = await openVote();
    const ballot = lastWithButtons(await h.press("aung", announcement, "Vote in private"), "aung");
    await closeVoteNow(h);
    const replies = await h.press("aung", ballot, "➕ 1.");
    expect(toPerson(replies, "aung")).toEqual(["This vote has closed. Your vote was not counted."]);
    expect(await ballots()).toEqual([]);
  });
});

async function personId(platformUserId: string): Promise<number> {
  return (await h.store.people.find("test", platformUserId))?.id ?? -1;
}
