import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allText, GROUP, startHarness, toGroup, toPerson, type Harness, shown } from "../support/harness.ts";
import { FACILITATOR, closeVoteNow, groupAtStep2, joinMembers } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await groupAtStep2(h);
});
afterEach(() => h.close());

async function groupId(): Promise<number> {
  return (await h.store.groups.find("test", GROUP))?.id ?? -1;
}

/** Raises a concern in private: without a name in one message; with it, `/concern named`, then the words. */
async function raise(person: string, text: string, anonymous = true): Promise<void> {
  if (anonymous) {
    await h.dm(person, `/concern ${text}`);
    return;
  }
  await h.dm(person, "/concern named");
  await h.dm(person, text);
}

describe("raising concerns", () => {
  it("stores an anonymous concern with no author anywhere, not even in the audit log", async () => {
    await raise("aung", "No lights on the market road");
    const rows = await h.db.$queryRawUnsafe<{ authorId: number | null }[]>(`SELECT "authorId" FROM "Concern"`);
    expect(rows).toEqual([{ authorId: null }]);
    const audit = await h.db.$queryRawUnsafe<{ actorId: number | null; details: string }[]>(`SELECT "actorId", "details" FROM "AuditEntry" WHERE "action" = 'concern.raised'`);
    expect(audit).toEqual([{ actorId: null, details: "{}" }]);
  });

  it("answers /concern in the group with a way into the private chat, and takes the concern there", async () => {
    const replies = await h.group("aung", "/concern");
    // Without a name: the group learns nothing of who is about to report.
    expect(toGroup(replies)).toEqual(["I have written to you in a private chat. Please raise your concern there, where no one else can see it. Next time you can start there: send /concern to me in private."]);
    const how = replies.find((r) => r.to.kind === "person");
    expect(how && shown(how)).toContain("send it in one message that starts with /concern");
    // Its button stands for `/concern named`: the words come next, and are kept with the name.
    await h.press("aung", how ?? replies[0]!, "with my name");
    await h.dm("aung", "Goats are stolen at night");
    const [concern] = await h.store.concerns.list(await groupId(), ["open"]);
    expect(concern?.text).toBe("Goats are stolen at night");
  });

  it("tells the group nothing when a concern is raised, then shows new concerns together in a digest", async () => {
    const first = await h.dm("aung", "/concern No lights on the market road");
    expect(toGroup(first)).toEqual([]);
    await raise("thida", "Harassment on the plantation path", false);
    // Nothing about waiting concerns, not even how many: polling would time each one.
    const listed = await h.group("ram", "/concerns");
    expect(toGroup(listed)).toEqual(["No concerns have been raised yet. Send /concern to me in private to raise one."]);
    expect(toGroup(await h.wait("PT1H"))).toEqual([]);
    const digest = toGroup(await h.wait("PT1H"));
    expect(digest).toHaveLength(1);
    expect(digest[0]).toContain("#1 “No lights on the market road” (anonymous)");
    expect(digest[0]).toContain("#2 “Harassment on the plantation path” (raised by Thida)");
    expect(toGroup(await h.wait("PT3H"))).toEqual([]);
  });

  it("lets the facilitator merge two concerns that are the same", async () => {
    await raise("aung", "No lights on the market road");
    await raise("thida", "The market road is dark");
    await h.wait("PT2H");
    const replies = await h.group(FACILITATOR, "/concerns merge 1 2");
    expect(toGroup(replies)).toEqual(["Concern #2 is now part of concern #1."]);
    const open = await h.store.concerns.list(await groupId(), ["open"]);
    expect(open.map((c) => c.number)).toEqual([1]);
  });
});

describe("voting on concerns", () => {
  beforeEach(async () => {
    await raise("aung", "No lights on the market road");
    await raise("thida", "Harassment on the plantation path");
    await raise("ram", "Fights at the crossroads");
  });

  it("ranks by points, names the turnout and makes the top concerns priorities", async () => {
    const opened = await h.group(FACILITATOR, "/vote");
    expect(toGroup(opened).join("\n")).toContain("📋 3 new concerns have been raised");
    expect(toGroup(opened).join("\n")).toContain("You have 3 points.");
    await h.dm("aung", "/vote 1 1 3");
    await h.dm("thida", "/vote 3 3 3");
    await h.dm("ram", "/vote 1 2 3");
    const closed = toGroup(await closeVoteNow(h)).join("\n");
    expect(closed).toContain("1. #3 “Fights at the crossroads” — 5 points");
    expect(closed).toContain("2. #1 “No lights on the market road” — 3 points");
    expect(closed).toContain("3 of 4 members voted (75%).");
    expect(closed).toContain("The group's priorities are now: #3, #1, #2.");
    const cycle = await h.store.cycles.current(await groupId());
    expect((await h.store.priorities.list(cycle.id)).map((p) => p.concernNumber)).toEqual([3, 1, 2]);
  });

  it("keeps one ballot per member, the latest one", async () => {
    await h.group(FACILITATOR, "/vote");
    await h.dm("aung", "/vote 1 1 1");
    const replaced = await h.dm("aung", "/vote 2 2 2");
    expect(allText(replaced)).toContain("Your new vote replaces your earlier one");
    const vote = await h.store.votes.openFor(await groupId());
    expect(await h.store.votes.ballots(vote?.id ?? -1)).toEqual([{ voterId: expect.any(Number), choices: [2, 2, 2] }]);
  });

  it("answers a typed step with what changed and what is left, not the whole ballot again", async () => {
    await h.group(FACILITATOR, "/vote");
    const whole = toPerson(await h.dm("aung", "/vote"), "aung").join("\n");
    expect(whole).toContain("Which concerns matter most?");
    expect(whole).toContain("3. #3 “Fights at the crossroads”");
    const first = toPerson(await h.dm("aung", "+2"), "aung");
    expect(first).toEqual(["➕ 2. #2 “Harassment on the plantation path” now has 1 point from you.\n2 points left to give.\n+2 adds, -2 takes back, done casts your vote, and ballot shows the whole ballot again."]);
    expect(toPerson(await h.dm("aung", "+2"), "aung")[0]).toContain("now has 2 points from you.\n1 point left to give.");
    const taken = toPerson(await h.dm("aung", "-2"), "aung")[0];
    expect(taken).toContain("➖ One point taken back: 2. #2 “Harassment on the plantation path” now has 1 point from you.\n2 points left to give.");
    expect(taken).not.toContain("Which concerns matter most?");
    // A mistake is short too, and loses nothing.
    const wrong = toPerson(await h.dm("aung", "+7"), "aung")[0];
    expect(wrong).toContain("There is no option 7. The options go from 1 to 3.\n2 points left to give.");
    expect(wrong).not.toContain("Fights at the crossroads");
    await h.dm("aung", "+1");
    expect(toPerson(await h.dm("aung", "+3"), "aung")[0]).toContain("All your points are given. Send done to cast your vote.");
    // On request, the whole ballot as it stands.
    const again = toPerson(await h.dm("aung", "ballot"), "aung").join("\n");
    expect(again).toContain("Which concerns matter most?");
    expect(again).toContain("• 1 point: #1 “No lights on the market road”");
    const cast = toPerson(await h.dm("aung", "done"), "aung").join("\n");
    expect(cast).toContain("✅ Your vote is saved:");
    const vote = await h.store.votes.openFor(await groupId());
    expect(await h.store.votes.ballots(vote?.id ?? -1)).toEqual([{ voterId: expect.any(Number), choices: [2, 1, 3] }]);
  });

  it("answers a typed step of a ranked ballot with the order so far, in the person's language", async () => {
    await h.group(FACILITATOR, "/vote ranked");
    await h.dm("thida", "/lang my");
    await h.dm("thida", "/vote");
    const placed = toPerson(await h.dm("thida", "+3"), "thida")[0] ?? "";
    expect(placed).toContain("➕ 3. #3 “Fights at the crossroads” က သင့်အစဉ်မှာ နံပါတ် 1 ဖြစ်ပါပြီ။");
    expect(placed).toContain("1. #3 “Fights at the crossroads”");
    expect(placed).not.toContain("#1 “No lights on the market road”");
    const out = toPerson(await h.dm("thida", "-3"), "thida")[0] ?? "";
    expect(out).toContain("ကို သင့်အစဉ်ထဲက ထုတ်လိုက်ပါပြီ။");
    expect(out).toContain("(ဘာမှ မရှိသေးပါ)");
  });

  it("runs a ranked-choice vote by instant runoff", async () => {
    await h.group(FACILITATOR, "/vote ranked");
    await h.dm("aung", "/vote 1 2");
    await h.dm("thida", "/vote 2 1");
    await h.dm("ram", "/vote 3 2");
    await h.dm(FACILITATOR, "/vote 2 3");
    const closed = toGroup(await closeVoteNow(h)).join("\n");
    expect(closed).toContain("1. #2 “Harassment on the plantation path”");
    expect(closed).toContain("4 of 4 members voted (100%).");
  });

  it("closes by itself at its deadline and posts the result", async () => {
    const opened = await h.group(FACILITATOR, "/vote dot 2 1d");
    expect(toGroup(opened).join("\n")).toContain("You have 2 points.");
    await h.dm("aung", "/vote 2 2");
    expect(toGroup(await h.wait("PT23H"))).toEqual([]);
    const closed = toGroup(await h.wait("PT1H"));
    expect(closed.join("\n")).toContain("The vote is closed.");
    expect(closed.join("\n")).toContain("1 of 4 members voted (25%).");
    const late = await h.dm("thida", "/vote 1 1");
    expect(allText(late)).toContain("No vote is open at the moment.");
  });

  it("tells the facilitator alone which parts of the group took part, leaving out every part of fewer than three", async () => {
    await joinMembers(h, ["mya", "hla", "su"], { mya: "1 4", hla: "1", su: "1" });
    await h.group(FACILITATOR, "/vote");
    await h.dm("mya", "/vote 1 1 1");
    await h.dm("aung", "/vote 2 2 2");
    const replies = await closeVoteNow(h);
    // The group hears the result and the turnout, nothing by self-description.
    expect(toGroup(replies).join("\n")).not.toContain("woman");
    expect(toGroup(replies).join("\n")).toContain("2 of 7 members voted");
    const told = toPerson(replies, FACILITATOR).join("\n");
    expect(told).toContain("only you see this");
    expect(told).toContain("woman 1 of 3");
    expect(told).toContain("no description 1 of 4");
    // One young person: too few to count without pointing at them.
    expect(told).not.toContain("young person");
    for (const member of ["aung", "thida", "ram", "mya", "hla", "su"]) expect(toPerson(replies, member)).toEqual([]);
  });

  it("leaves out a part whose members all voted alike, since that tells how each voted", async () => {
    await joinMembers(h, ["mya", "hla", "su"], { mya: "1", hla: "1", su: "1" });
    await h.group(FACILITATOR, "/vote");
    for (const woman of ["mya", "hla", "su"]) await h.dm(woman, "/vote 1 1 2");
    await h.dm("aung", "/vote 2 1 1");
    const told = toPerson(await closeVoteNow(h), FACILITATOR).join("\n");
    expect(told).not.toContain("woman 3 of 3");
    expect(told).toContain("no description 1 of 4");
  });
});

describe("closing a vote", () => {
  beforeEach(async () => {
    await raise("aung", "No lights on the market road");
    await raise("thida", "Harassment on the plantation path");
    await h.group(FACILITATOR, "/vote");
    await h.dm("aung", "/vote 1 1 2");
  });

  it("asks the facilitator first, and keeps the vote open on a no", async () => {
    const asked = toGroup(await h.group(FACILITATOR, "/closevote")).join("\n");
    expect(asked).toContain("Close the vote now?");
    expect(await h.store.votes.openFor(await groupId())).not.toBeNull();
    expect(toGroup(await h.group(FACILITATOR, "2"))).toEqual(["The vote stays open."]);
    expect(await h.store.votes.openFor(await groupId())).not.toBeNull();
    const closed = toGroup(await closeVoteNow(h)).join("\n");
    expect(closed).toContain("The vote is closed.");
    expect(await h.store.votes.openFor(await groupId())).toBeNull();
  });
});

describe("who the group is made of", () => {
  it("is counted in private for staff alone, with no part of one or two people", async () => {
    await joinMembers(h, ["mya", "hla", "su"], { mya: "1 4", hla: "1", su: "1" });
    await h.db.cycle.updateMany({ data: { step: 1 } });
    const replies = await h.group(FACILITATOR, "/assess");
    expect(toGroup(replies).join("\n")).not.toContain("woman");
    const told = toPerson(replies, FACILITATOR).join("\n");
    expect(told).toContain("woman: 3");
    expect(told).toContain("young person: fewer than 3");
    expect(told).toContain("man: none");
    const member = await h.group("aung", "/assess");
    expect(toPerson(member, "aung")).toEqual([]);
    expect(toGroup(member).join("\n")).not.toContain("woman");
  });
});

describe("changing the method of an open vote", () => {
  beforeEach(async () => {
    await raise("aung", "No lights on the market road");
    await raise("thida", "Harassment on the plantation path");
    await h.group(FACILITATOR, "/vote");
  });

  async function openVote() {
    return h.store.votes.openFor(await groupId());
  }

  it("is done by the facilitator while no one has voted: the group sees the new ballot, and the vote is stored ranked", async () => {
    const changed = toGroup(await h.group(FACILITATOR, "/vote ranked")).join("\n");
    expect(changed).toContain("The facilitator has changed how this vote works. It is now a ranked vote: each member puts the concerns in order. No one had voted yet, so no vote is lost.");
    expect(changed).toContain("Vote in a private chat with me");
    expect(await openVote()).toMatchObject({ method: "ranked", points: 1 });
    expect(allText(await h.dm("aung", "/vote 2 1"))).toContain("Your vote is saved");
    expect(toGroup(await closeVoteNow(h)).join("\n")).toContain("first choice");
  });

  it("is refused once someone has voted, saying the method is fixed, and nothing stored changes", async () => {
    await h.dm("aung", "/vote 1 1 2");
    const refused = toGroup(await h.group(FACILITATOR, "/vote ranked")).join("\n");
    expect(refused).toBe(
      "Someone has already voted, so the method of this vote is fixed (a dot vote: each member spreads 3 points). Every vote is counted the way it was cast. To vote another way, close this vote with /closevote and open a new one.",
    );
    expect(await openVote()).toMatchObject({ method: "dot", points: 3 });
    const vote = await openVote();
    expect((await h.store.votes.ballots(vote?.id ?? -1)).map((b) => b.choices)).toEqual([[1, 1, 2]]);
  });

  it("says when nothing would change, and is not done by a member: their words are not taken as a vote", async () => {
    expect(toGroup(await h.group(FACILITATOR, "/vote dot 3"))).toEqual(["This vote is already a dot vote: each member spreads 3 points. Nothing was changed."]);
    const member = await h.group("aung", "/vote ranked");
    expect(allText(member)).toContain("Votes are not taken in the group");
    expect(await openVote()).toMatchObject({ method: "dot", points: 3 });
  });

  it("starts again a ballot being filled in when the method changes, and saves nothing of the old one", async () => {
    await h.dm("aung", "/vote");
    await h.dm("aung", "+1");
    await h.group(FACILITATOR, "/vote dot 5");
    const renewed = toPerson(await h.dm("aung", "+2"), "aung").join("\n");
    expect(renewed).toContain("The facilitator has changed how this vote works, so your ballot starts again: what you had picked was not saved as a vote.");
    expect(renewed).toContain("You have 5 points.");
    const vote = await openVote();
    expect(await h.store.votes.ballots(vote?.id ?? -1)).toEqual([]);
    expect(allText(await h.dm("aung", "1 1 2 2 2"))).toContain("Your vote is saved");
    expect((await h.store.votes.ballots(vote?.id ?? -1)).map((b) => b.choices)).toEqual([[1, 1, 2, 2, 2]]);
  });

  it("speaks Burmese in a Burmese group, to the facilitator and to the group", async () => {
    await h.group(FACILITATOR, "/lang my");
    expect(toGroup(await h.group(FACILITATOR, "/vote ranked")).join("\n")).toContain("လမ်းညွှန်ဆောင်ရွက်သူက ဒီမဲပေးပွဲရဲ့ မဲပေးနည်းကို ပြောင်းလိုက်ပါပြီ။ အခု အစဉ်လိုက် မဲ");
    await h.dm("aung", "/vote 2 1");
    expect(toGroup(await h.group(FACILITATOR, "/vote dot"))).toEqual([expect.stringContaining("တစ်ယောက်ယောက် မဲပေးပြီးသွားပြီမို့ ဒီမဲပေးပွဲရဲ့ မဲပေးနည်းကို ပြောင်းလို့ မရတော့ပါဘူး (အစဉ်လိုက် မဲ")]);
    expect(await openVote()).toMatchObject({ method: "ranked" });
  });
});

describe("closing a vote no one has voted in", () => {
  beforeEach(async () => {
    await raise("aung", "No lights on the market road");
    await raise("thida", "Harassment on the plantation path");
    await h.group(FACILITATOR, "/vote");
  });

  it("asks first, saying that nothing will be decided; no keeps it open, yes closes it with no priorities", async () => {
    const asked = toGroup(await h.group(FACILITATOR, "/closevote")).join("\n");
    expect(asked).toContain("No one has voted yet. If you close the vote now, nothing is decided: no concern becomes a priority, and you can open a new vote with /vote. Close it anyway?");
    expect(toGroup(await h.group(FACILITATOR, "2"))).toEqual(["The vote stays open."]);
    expect(await h.store.votes.openFor(await groupId())).not.toBeNull();
    const closed = toGroup(await closeVoteNow(h)).join("\n");
    expect(closed).toContain("No concern received any votes, so there are no priorities yet.");
    expect(await h.store.votes.openFor(await groupId())).toBeNull();
    const cycle = await h.store.cycles.current(await groupId());
    expect(await h.store.priorities.list(cycle.id)).toEqual([]);
  });

  it("asks in Burmese in a Burmese group", async () => {
    await h.group(FACILITATOR, "/lang my");
    const asked = toGroup(await h.group(FACILITATOR, "/closevote")).join("\n");
    expect(asked).toContain("ဘယ်သူမှ မဲမပေးရသေးပါဘူး။ အခု ပိတ်လိုက်ရင် ဘာမှ ဆုံးဖြတ်ချက် မရပါဘူး");
    expect(await h.store.votes.openFor(await groupId())).not.toBeNull();
  });

  it("asks in the usual words once someone has voted", async () => {
    await h.dm("aung", "/vote 1 1 2");
    const asked = toGroup(await h.group(FACILITATOR, "/closevote")).join("\n");
    expect(asked).toContain("Close the vote now?");
    expect(asked).not.toContain("No one has voted yet");
  });
});
