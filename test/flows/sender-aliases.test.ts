/**
 * One person, several ids: WhatsApp gives a member an `@lid` id in the group
 * and a phone id in private chats. A message from any id the platform gives
 * for them (`Inbound.sender.aliases`) is theirs: one member, one ballot, one
 * `mydata`, and `forgetme` erases every id.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GROUP, startHarness, toPerson, type Harness } from "../support/harness.ts";
import { FACILITATOR, groupAtStep2 } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await groupAtStep2(h);
});
afterEach(() => h.close());

/** Khin in the group, known there by her `@lid`-like id. */
const inGroup = () => h.from({ id: "khin-lid", name: "Khin" });
/** Khin in private, from her phone's id, the platform saying nothing more. */
const onPhone = () => h.from({ id: "khin-phone", name: "Khin" });

/** Khin joins in the group; her consent comes from her phone, with the platform telling that the group's id is hers too. */
async function khinJoins(): Promise<void> {
  await inGroup().group("/join");
  await h.from({ id: "khin-phone", name: "Khin", aliases: ["khin-lid"] }).dm("1");
  await onPhone().dm("0");
}

async function groupId(): Promise<number> {
  return (await h.store.groups.find("test", GROUP))?.id ?? -1;
}

describe("a person writing from two ids", () => {
  it("is one member, with one vote that either id replaces", async () => {
    await khinJoins();
    for (const [person, text] of [["aung", "No lights on the market road"], ["thida", "Harassment on the plantation path"], ["ram", "Fights at the crossroads"]] as const) {
      await h.dm(person, `/concern ${text}`);
    }
    await h.group(FACILITATOR, "/vote");

    await onPhone().dm("/vote 1 1 2");
    await h.from({ id: "khin-phone", name: "Khin", aliases: ["khin-lid"] }).dm("/vote 3 3 3");

    const khins = await h.db.person.findMany({ where: { displayName: "Khin" } });
    expect(khins.map((person) => person.platformUserId)).toEqual(["khin-lid"]);
    const khin = khins[0]?.id ?? -1;
    expect(await h.store.people.aliases(khin)).toEqual(["khin-phone"]);
    const members = await h.store.memberships.members(await groupId());
    expect(members.filter((member) => member.person.displayName === "Khin").map((member) => member.person.id)).toEqual([khin]);
    const vote = await h.store.votes.openFor(await groupId());
    const ballots = await h.store.votes.ballots(vote?.id ?? -1);
    expect(ballots.filter((ballot) => ballot.voterId === khin)).toEqual([{ voterId: khin, choices: [3, 3, 3] }]);
  });

  it("is never given an id that is someone else's: the message is the sender's, the id stays where it was, and the log names no id", async () => {
    await khinJoins();
    const aung = (await h.store.people.find("test", "aung"))?.id;

    await h.from({ id: "aung", name: "Aung", aliases: ["khin-phone"] }).dm("/help");

    expect((await h.store.people.find("test", "khin-phone"))?.displayName).toBe("Khin");
    expect(await h.store.people.aliases(aung ?? -1)).toEqual([]);
    expect(h.logged).toContainEqual({ event: "sender-id-taken", platform: "test", ids: 1 });
    expect(JSON.stringify(h.logged)).not.toContain("khin");
  });
});

describe("a person's other ids are their personal data", () => {
  it("/mydata tells the person which other ids the bot knows are theirs", async () => {
    await khinJoins();

    // Private replies go to the id the bot first knew her by (the platform's adapter reaches her private chat by it).
    const text = toPerson(await onPhone().dm("/mydata"), "khin-lid").join("\n");

    expect(text).toContain("Account: test khin-lid");
    expect(text).toContain("Your other ids on test: khin-phone. I take what comes from them as yours.");
  });

  it("/mydata says nothing of other ids to someone the bot knows by one", async () => {
    const text = toPerson(await h.dm("aung", "/mydata"), "aung").join("\n");

    expect(text).toContain("Account: test aung");
    expect(text).not.toContain("other ids");
  });

  it("/forgetme erases every id of theirs: whoever writes from either next is someone new", async () => {
    await khinJoins();
    const khin = (await h.store.people.find("test", "khin-phone"))?.id ?? -1;

    await onPhone().dm("/forgetme");
    expect(toPerson(await onPhone().dm("1"), "khin-lid").join("\n")).toContain("I have forgotten you");

    expect(await h.store.people.find("test", "khin-phone")).toBeNull();
    expect(await h.store.people.find("test", "khin-lid")).toBeNull();
    expect(await h.db.personAlias.count()).toBe(0);
    await onPhone().dm("/help");
    const next = await h.store.people.find("test", "khin-phone");
    expect(next?.id).toBeGreaterThan(khin);
    expect(next?.platformUserId).toBe("khin-phone");
  });
});
