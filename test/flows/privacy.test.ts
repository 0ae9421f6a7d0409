/**
 * `privacy`, `mydata` and `forgetme` as people use them, and the retention
 * sweep: what each person was sent, in which language, and what the store
 * keeps afterwards.
 */
import { Duration } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { retentionCutoff } from "../../src/domain/personal-data.ts";
import { tally } from "../../src/domain/voting.ts";
import { expireOldData, MESSAGE_LIMIT } from "../../src/flows/privacy.ts";
import { allText, GROUP, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { closeVoteNow, FACILITATOR, groupAtStep2, groupWithMembers } from "../support/scenario.ts";
import { snapshot } from "../support/snapshot.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

async function groupId(): Promise<number> {
  return (await h.store.groups.find("test", GROUP))?.id ?? -1;
}

/** The id of the person behind a platform account, looked up without touching the row. */
async function personId(userId: string): Promise<number> {
  return (await h.db.person.findUniqueOrThrow({ where: { platform_platformUserId: { platform: "test", platformUserId: userId } } })).id;
}

/** Raises a concern with the person's name on it. */
async function named(person: string, text: string): Promise<void> {
  await h.dm(person, "/concern named");
  await h.dm(person, text);
}

/**
 * Every text the store holds (every text column of every table, JSON
 * documents such as saved messages included) that contains `word`, as
 * "Table.column".
 */
async function storedTextsWith(word: string): Promise<string[]> {
  const tables = await h.db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`);
  const found: string[] = [];
  for (const { name } of tables) {
    for (const row of await h.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}"`)) {
      for (const [column, value] of Object.entries(row)) if (typeof value === "string" && value.toLowerCase().includes(word.toLowerCase())) found.push(`${name}.${column}`);
    }
  }
  return found;
}

/**
 * The next digest falls due and its sweep fails after saving the messages
 * (the platform unreachable): they wait, stored, for the next try.
 */
async function digestStuckUnsent(): Promise<void> {
  h.clock.advance(Duration.fromISO("PT3H"));
  await h.baraza.deliverDue(async () => {
    throw new Error("the platform is unreachable");
  });
}

/** A group at step 2 where Aung raised one concern without his name (1) and one with it (2), and voted. */
async function aungTookPart(): Promise<void> {
  await groupAtStep2(h);
  await h.dm("aung", "/concern No lights on the market road");
  await named("aung", "The checkpoint soldiers take money");
  await named("thida", "Goats are stolen at night");
  await h.wait("PT2H");
  await h.group(FACILITATOR, "/vote");
  await h.dm("aung", "/vote 1 1 3");
}

describe("/privacy", () => {
  it("explains what is kept, who sees it, what a bot chat does not protect, and for how long, in the group's language", async () => {
    await groupWithMembers(h);
    const text = toGroup(await h.group("aung", "/privacy")).join("\n");
    expect(text).toContain("What I keep, and why");
    expect(text).toContain("No one sees how you voted");
    expect(text).toContain("kept with no link to you at all");
    expect(text).toContain("not end-to-end encrypted");
    expect(text).toContain("/mydata");
    expect(text).toContain("/forgetme");
    expect(text).toContain("after 365 days");
  });

  it("answers in private in the person's own language", async () => {
    await h.dm("mya", "/lang my");
    const text = toPerson(await h.dm("mya", "/privacy"), "mya").join("\n");
    expect(text).toContain("အစအဆုံး လျှို့ဝှက်ကုဒ်");
    expect(text).toContain("365 ရက်");
    expect(text).not.toContain("What I keep");
  });
});

describe("/mydata", () => {
  it("sends the person, in private, everything stored about them, but not their anonymous concern", async () => {
    await aungTookPart();
    const text = toPerson(await h.dm("aung", "/mydata"), "aung").join("\n");
    expect(text).toContain("Everything I keep about you");
    expect(text).toContain("Name: Aung");
    expect(text).toContain("Account: test aung");
    expect(text).toContain("Ward 4 Safety Group: member since 2026-11-23; agreed to take part on 2026-11-23");
    const concerns = text.slice(text.indexOf("Concerns you raised with your name:"), text.indexOf("Your votes"));
    expect(concerns).toContain("Ward 4 Safety Group #2 (open, 2026-11-23): The checkpoint soldiers take money");
    expect(concerns).not.toContain("No lights on the market road");
    expect(concerns).toContain("Concerns you raised without your name are not linked to you anywhere");
    expect(text).toContain("Your votes (only you see them):");
    expect(text).toContain("vote on priorities opened on 2026-11-23, still open. Your choices:");
    const ballot = text.slice(text.indexOf("Your choices:"), text.indexOf("Your answers"));
    expect(ballot.match(/\(1\) #1 “No lights on the market road”/g)).toHaveLength(2);
    expect(ballot.match(/\(3\) #3 “Goats are stolen at night”/g)).toHaveLength(1);
    expect(text).toContain("To erase it, send /forgetme.");
  });

  it("is refused in the group, and sends nothing to anyone", async () => {
    await aungTookPart();
    const before = await snapshot(h.db);
    const replies = await h.group("aung", "/mydata");
    expect(allText(replies)).toContain("Please send this to me in a private chat");
    expect(toPerson(replies, "aung")).toEqual([]);
    expect(allText(replies)).not.toContain("checkpoint");
    expect(await snapshot(h.db)).toEqual(before);
  });

  it("tells someone the bot has only just met what little it keeps, in their language", async () => {
    await h.dm("mya", "/lang my");
    const text = toPerson(await h.dm("mya", "/mydata"), "mya").join("\n");
    expect(text).toContain("ကျွန်ုပ် သင့်အကြောင်း သိမ်းထားသမျှ");
    expect(text).toContain("နာမည်: Mya");
    expect(text).toContain("ဘာသာစကား: မြန်မာ");
    expect(text).toContain("(ဘာမှ မရှိပါ)");
  });

  it("sends a long account as several messages, each within the limit", async () => {
    await groupAtStep2(h);
    const long = "The road past the school floods and people walk in the dark. ".repeat(7).trim();
    for (let i = 0; i < 14; i += 1) {
      await named("aung", `${i + 1}. ${long}`);
    }
    const parts = toPerson(await h.dm("aung", "/mydata"), "aung");
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    const all = parts.join("\n");
    for (let i = 0; i < 14; i += 1) expect(all).toContain(`${i + 1}. The road past the school`);
  });
});

describe("/forgetme", () => {
  it("asks first; a wrong number asks again and changes nothing; 2 keeps everything", async () => {
    await aungTookPart();
    const asked = toPerson(await h.dm("aung", "/forgetme"), "aung").join("\n");
    expect(asked).toContain("Do you want me to forget you?");
    expect(asked).toContain("1. Yes, forget me\n2. No, keep my data");
    const before = await snapshot(h.db);

    const wrong = toPerson(await h.dm("aung", "3"), "aung").join("\n");
    expect(wrong).toContain("That is not one of the choices. Please answer with a number from 1 to 2.");
    expect(wrong).toContain("Do you want me to forget you?");
    expect(await snapshot(h.db)).toEqual(before);

    const kept = toPerson(await h.dm("aung", "2"), "aung").join("\n");
    expect(kept).toContain("Nothing has changed.");
    expect(await snapshot(h.db)).toEqual(before);
    expect((await h.store.people.get(await personId("aung")))?.displayName).toBe("Aung");
  });

  it("after a yes, erases the person, withdraws their ballot from the open vote, and leaves their concerns, anonymous", async () => {
    await aungTookPart();
    const aung = await personId("aung");
    await h.dm("aung", "/forgetme");
    const done = toPerson(await h.dm("aung", "1"), "aung").join("\n");
    expect(done).toContain("I have forgotten you");

    // Nothing stays in his place.
    expect(await h.db.person.findUnique({ where: { id: aung } })).toBeNull();
    expect(await h.db.membership.count({ where: { personId: aung } })).toBe(0);
    const group = await groupId();
    expect((await h.store.memberships.members(group)).map((m) => m.person.platformUserId)).toEqual([FACILITATOR, "thida", "ram"]);
    const concerns = await h.store.concerns.list(group, ["open"]);
    expect(concerns.map((c) => [c.text, c.authorId])).toEqual([
      ["No lights on the market road", null],
      ["The checkpoint soldiers take money", null],
      ["Goats are stolen at night", expect.any(Number)],
    ]);
    // The vote is still open: leaving, he withdraws his ballot.
    const vote = await h.store.votes.openFor(group);
    expect(await h.store.votes.ballots(vote?.id ?? -1)).toEqual([]);
    expect(await h.db.conversation.count()).toBe(0);
    const audit = await h.db.auditEntry.findMany({ where: { action: "person.forgotten" } });
    expect(audit).toMatchObject([{ actorId: null, entityId: null }]);
    expect(await storedTextsWith("Aung")).toEqual([]);

    // The group's list no longer names him, and nothing was posted to the group about it.
    const listed = toGroup(await h.group("ram", "/concerns")).join("\n").split("\n");
    expect(listed.find((line) => line.includes("The checkpoint soldiers take money"))).toContain("(anonymous)");
    expect(toGroup(h.sent).join("\n")).not.toContain("forgotten");
  });

  it("leaves a closed vote's result as it was counted, and no stored text names him, not even a digest waiting to be sent", async () => {
    await groupAtStep2(h);
    await h.dm("aung", "/concern No lights on the market road");
    await named("thida", "Goats are stolen at night");
    await h.wait("PT2H");
    await h.group(FACILITATOR, "/vote");
    await h.dm("aung", "/vote 1 1 2");
    await h.dm("thida", "/vote 2 2 2");
    await h.dm("ram", "/vote 1 2 2");
    await closeVoteNow(h);
    const closed = await h.store.votes.lastClosed(await groupId(), "priorities");
    if (!closed) throw new Error("the vote did not close");
    const counted = tally(closed.method, closed.options.length, await h.store.votes.ballots(closed.id));
    // Then Aung raises a concern with his name, and the digest announcing it fails to go out: it waits, saved, naming him.
    await named("aung", "The checkpoint soldiers take money");
    await digestStuckUnsent();
    expect(await storedTextsWith("Aung")).toContain("ScheduledJob.outbox");

    await h.dm("aung", "/forgetme");
    expect(toPerson(await h.dm("aung", "1"), "aung").join("\n")).toContain("I have forgotten you");

    expect(await h.db.person.count({ where: { platformUserId: "aung" } })).toBe(0);
    expect(await storedTextsWith("Aung")).toEqual([]);
    const ballots = await h.store.votes.ballots(closed.id);
    expect(ballots.map((b) => b.voterId === null)).toEqual([true, false, false]);
    expect(tally(closed.method, closed.options.length, ballots)).toEqual(counted);
    // The digest, sent when the platform is back, says the concern was raised by someone forgotten.
    const digest = toGroup(await h.wait("PT20M")).join("\n");
    expect(digest).toContain("The checkpoint soldiers take money");
    expect(digest).not.toContain("Aung");
  });

  it("forgets someone whose name on the platform changed since the bot last saw it, without writing the new one back", async () => {
    await aungTookPart();
    const aung = await personId("aung");
    await h.dm("aung", "/forgetme");
    // The bot knew him by another name: a turn writes the platform's current one back, unless he is gone.
    await h.store.people.rename(aung, "Aung Before");
    expect(toPerson(await h.dm("aung", "1"), "aung").join("\n")).toContain("I have forgotten you");
    expect(await h.db.person.findUnique({ where: { id: aung } })).toBeNull();
    expect(await h.db.person.count()).toBe(3);
    expect(await storedTextsWith("Aung")).toEqual([]);
    // Nothing failed on the way, not even after the answer was sent.
    expect(h.logged).toEqual([]);
  });

  it("meets the same account afterwards as someone new, who must join again", async () => {
    await aungTookPart();
    const aung = await personId("aung");
    await h.dm("aung", "/forgetme");
    await h.dm("aung", "1");
    const again = toPerson(await h.dm("aung", "/mydata"), "aung").join("\n");
    expect(again).toContain("not end-to-end encrypted");
    expect(again).not.toContain("checkpoint");
    expect(await personId("aung")).not.toBe(aung);
    expect(allText(await h.dm("aung", "/vote 1 1 1"))).toContain("You are not a member of any group yet.");
  });

  it("asks and confirms in Burmese for a person who reads Burmese", async () => {
    await groupWithMembers(h);
    await h.dm("aung", "/lang my");
    const asked = toPerson(await h.dm("aung", "/forgetme"), "aung").join("\n");
    expect(asked).toContain("ကျွန်ုပ်က သင့်ကို မေ့ပစ်စေချင်ပါသလား။");
    expect(asked).toContain("1. ဟုတ်ကဲ့၊ မေ့ပစ်ပါ");
    const done = toPerson(await h.dm("aung", "၁"), "aung").join("\n");
    expect(done).toContain("ကျွန်ုပ် သင့်ကို မေ့ပစ်လိုက်ပါပြီ");
  });

  it("is refused in the group, changing nothing", async () => {
    await groupWithMembers(h);
    const before = await snapshot(h.db);
    const replies = await h.group("aung", "/forgetme");
    expect(allText(replies)).toContain("Please send this to me in a private chat");
    expect(await snapshot(h.db)).toEqual(before);
    expect(await h.db.conversation.count()).toBe(0);
  });
});

describe("the retention sweep", () => {
  it("deletes and anonymises what is older than the retention period, measured from now", async () => {
    await aungTookPart();
    await h.dm("thida", "/concern");
    const young = await expireOldData(h.store, h.clock.now(), 365);
    expect(young["Concern"]).toBe(0);
    expect(await h.db.concern.count({ where: { authorId: { not: null } } })).toBe(2);

    // The sweep runs the retention job once a day by itself.
    await h.wait("P400D");
    expect(await h.db.scheduledJob.count({ where: { kind: "retention", status: "sent", dueAt: h.clock.now() } })).toBe(1);
    expect(await h.db.concern.count({ where: { authorId: { not: null } } })).toBe(0);
    expect(await h.db.conversation.count()).toBe(0);
    expect(await h.db.auditEntry.count()).toBe(0);
    // Members still in the group are not forgotten by age.
    expect((await h.store.memberships.members(await groupId())).map((m) => m.person.displayName)).toEqual(["Amina", "Aung", "Thida", "Ram"]);
  });

  it("refuses a retention period that is not a whole number of days", async () => {
    expect(retentionCutoff(new Date("2026-01-31T00:00:00Z"), 30)).toEqual(new Date("2026-01-01T00:00:00Z"));
    await expect(expireOldData(h.store, h.clock.now(), 0)).rejects.toThrow("at least 1");
    await expect(expireOldData(h.store, h.clock.now(), 1.5)).rejects.toThrow("whole number");
  });
});

