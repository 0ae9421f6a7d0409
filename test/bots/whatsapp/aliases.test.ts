/**
 * One person, two ids: WhatsApp shows a participant as an `@lid` id in the
 * group and as their phone id in private. The adapter ties them together,
 * so they are one member with one ballot, their private things stay in
 * their private chat, and their number is shown to no one else and never
 * logged.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { aGroup, GROUP, logText, startWhatsAppTest, type FakePerson, type WhatsAppTest } from "./fake-client.ts";

let test: WhatsAppTest;
beforeEach(async () => {
  test = await startWhatsAppTest();
});
afterEach(() => test.close());

async function groupId(): Promise<number> {
  return (await test.harness.store.groups.find("whatsapp", GROUP))?.id ?? -1;
}

/** Everything a person's private chat got, by either of their ids. */
const privately = (person: FakePerson) => test.client.sentTo(person.phoneId, person.lid);

describe("a participant seen as @lid in the group and by phone in private", () => {
  it("is one person, one member, whose consent in private makes them a member of the group", async () => {
    const { client } = test;
    const [amina, khin] = [client.person("amina"), client.person("khin")];
    await aGroup(test, amina, [khin]);

    const { store } = test.harness;
    const khins = await test.harness.db.person.findMany({ where: { displayName: "Khin" } });
    expect(khins).toHaveLength(1);
    expect([khins[0]?.platformUserId, ...(await store.people.aliases(khins[0]?.id ?? -1))].sort()).toEqual([khin.lid, khin.phoneId].sort());
    const members = await store.memberships.members(await groupId());
    expect(members.map((m) => m.person.displayName).sort()).toEqual(["Amina", "Khin"]);
    // The consent question went to her private chat, not the group.
    expect(privately(khin).some((s) => /\d+\.\s/.test(s.text))).toBe(true);
  });

  it("raises a concern and fills a ballot in private: the group learns neither who raised it nor how they voted", async () => {
    const { client } = test;
    const [amina, khin, aung] = [client.person("amina"), client.person("khin"), client.person("aung")];
    await aGroup(test, amina, [khin, aung]);
    await test.act(() => client.write(amina, "/next", GROUP));
    await test.act(() => client.write(amina, "1", GROUP));
    await test.act(() => client.write(khin, "/concern Harassment on the plantation path"));
    await test.act(() => client.write(aung, "/concern No lights on the market road"));
    await test.wait(3);
    await test.act(() => client.write(amina, "/vote", GROUP));
    const groupBefore = client.sentTo(GROUP).length;

    // In the group she types !vote (as her @lid); the ballot comes to her private chat, and she fills it in there.
    await test.act(() => client.write(khin, "!vote", GROUP));
    await test.act(() => client.write(khin, "1 1 1"));

    const ballots = await test.harness.store.votes.ballots((await test.harness.store.votes.openFor(await groupId()))?.id ?? -1);
    expect(ballots.map((b) => b.choices)).toEqual([[1, 1, 1]]);
    const toGroup = client.sentTo(GROUP).slice(groupBefore).map((s) => s.text).join("\n");
    expect(toGroup).not.toContain("1 1 1");
    const digest = client.sentTo(GROUP).map((s) => s.text).join("\n");
    expect(digest).toContain("Harassment on the plantation path");
    expect(digest.split("\n").filter((l) => l.includes("plantation path")).join("\n")).not.toContain("Khin");
  });
});

describe("phone numbers", () => {
  it("are never shown to other members, nor logged", async () => {
    const { client } = test;
    const [amina, khin, aung] = [client.person("amina"), client.person("khin"), client.person("aung")];
    await aGroup(test, amina, [khin, aung]);
    await test.act(() => client.write(khin, "/mydata"));
    // Her own private chat may show her own ids: what she asked for.
    expect(privately(khin).at(-1)?.text).toContain(khin.lid);
    const ram = client.person("ram");
    client.lookupFails.add(ram.lid);
    await test.act(() => client.write(ram, "/join", GROUP));
    await test.act(() => client.leaves(GROUP, aung));
    await test.act(() => client.write(amina, "/members", GROUP));

    const numbers = [amina, khin, aung, ram].flatMap((p) => [p.number, p.phoneId, p.lid]);
    for (const sent of client.sent) {
      const owner = [amina, khin, aung, ram].find((p) => sent.chatId === p.phoneId || sent.chatId === p.lid);
      // Only a person's own private chat may name their ids (their /mydata).
      const others = numbers.filter((n) => !owner || ![owner.number, owner.phoneId, owner.lid].includes(n));
      for (const number of others) expect(sent.text, `sent to ${sent.chatId === GROUP ? "the group" : "someone else"}`).not.toContain(number);
    }
    const logged = logText(test);
    expect(logged).toContain("whatsapp-alias-lookup-failed");
    for (const number of numbers) expect(logged).not.toContain(number);
    expect(logged).not.toMatch(/@(c\.us|lid|g\.us)/);
  });
});
