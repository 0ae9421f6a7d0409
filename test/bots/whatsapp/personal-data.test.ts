/**
 * A WhatsApp person's ids (their phone id `…@c.us` and their `@lid`) are
 * personal data (SPEC §8): `/mydata` shows both to that person, in their
 * private chat only; `/forgetme` erases the person with every id; the
 * retention sweep removes them like anyone else. Driven through the adapter
 * over the fake client.
 */
import { Duration } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expireOldData } from "../../../src/flows/privacy.ts";
import { aGroup, GROUP, startWhatsAppTest, type FakePerson, type WhatsAppTest } from "./fake-client.ts";

let test: WhatsAppTest;
beforeEach(async () => {
  test = await startWhatsAppTest();
});
afterEach(() => test.close());

const privately = (person: FakePerson) => test.client.sentTo(person.phoneId, person.lid);

/** Every stored row that holds one of `person`'s ids, as their own id or an alias. */
async function rowsWithIds(person: FakePerson): Promise<number> {
  const ids = [person.phoneId, person.lid];
  const { db } = test.harness;
  return (await db.person.count({ where: { platformUserId: { in: ids } } })) + (await db.personAlias.count({ where: { aliasId: { in: ids } } }));
}

describe("/mydata on WhatsApp", () => {
  it("shows the person both their ids, their phone number among them, in their private chat and nowhere else", async () => {
    const { client } = test;
    const [amina, khin] = [client.person("amina"), client.person("khin")];
    await aGroup(test, amina, [khin]);
    const groupBefore = client.sentTo(GROUP).length;

    // Asked in the group, the bot sends her to her private chat and shows nothing there.
    await test.act(() => client.write(khin, "/mydata", GROUP));
    expect(client.sentTo(GROUP).at(-1)?.text).toContain("private chat");
    await test.act(() => client.write(khin, "/mydata"));

    const mine = privately(khin).map((s) => s.text).join("\n");
    expect(mine).toContain(`Account: whatsapp ${khin.lid}`);
    expect(mine).toContain(`Your other ids on whatsapp: ${khin.phoneId}.`);
    expect(mine).toContain(khin.number);
    const toGroup = client.sentTo(GROUP).slice(groupBefore).map((s) => s.text).join("\n");
    for (const id of [khin.number, khin.lid]) expect(toGroup).not.toContain(id);
    for (const sent of client.sentTo(amina.phoneId, amina.lid)) expect(sent.text).not.toContain(khin.number);
  });
});

describe("/forgetme on WhatsApp", () => {
  it("erases the person with their phone id and their @lid: no row holds either, and whoever writes next is someone new", async () => {
    const { client } = test;
    const [amina, khin] = [client.person("amina"), client.person("khin")];
    await aGroup(test, amina, [khin]);
    const before = (await test.harness.store.people.find("whatsapp", khin.phoneId))?.id ?? -1;
    expect(await rowsWithIds(khin)).toBe(2);

    await test.act(() => client.write(khin, "/forgetme"));
    await test.act(() => client.write(khin, "1"));

    expect(privately(khin).at(-1)?.text).toContain("I have forgotten you");
    expect(await rowsWithIds(khin)).toBe(0);
    expect(await test.harness.db.person.count({ where: { displayName: "Khin" } })).toBe(0);
    expect((await test.harness.store.people.find("whatsapp", amina.phoneId))?.displayName).toBe("Amina");

    // Writing again from the group (as her @lid), she is someone new, with both ids again.
    await test.act(() => client.write(khin, "/help", GROUP));
    const next = await test.harness.store.people.find("whatsapp", khin.phoneId);
    expect(next?.id).toBeGreaterThan(before);
  });
});

describe("the retention sweep on WhatsApp", () => {
  it("forgets someone in no group, quiet for longer than the retention period, with both their ids", async () => {
    const { client } = test;
    const [amina, ram] = [client.person("amina"), client.person("ram")];
    await aGroup(test, amina);
    // Ram writes in the group (as his @lid) and in private (from his phone) but never joins.
    await test.act(() => client.write(ram, "/help", GROUP));
    await test.act(() => client.write(ram, "/privacy"));
    expect(await rowsWithIds(ram)).toBe(2);

    const young = await expireOldData(test.harness.store, test.harness.clock.now(), 365);
    expect(young["Person"]).toBe(0);
    expect(await rowsWithIds(ram)).toBe(2);

    test.harness.clock.advance(Duration.fromObject({ days: 400 }));
    await expireOldData(test.harness.store, test.harness.clock.now(), 365);

    expect(await rowsWithIds(ram)).toBe(0);
    // A member still in the group is not forgotten by age.
    expect((await test.harness.store.people.find("whatsapp", amina.phoneId))?.displayName).toBe("Amina");
  });
});
