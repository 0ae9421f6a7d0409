/**
 * Groups as WhatsApp changes them: the bot added without an invitation, the
 * bot removed, a participant leaving; and the rule that the bot writes only
 * where it was let in.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Undeliverable } from "../../../src/flows/jobs.ts";
import { aGroup, GROUP, startWhatsAppTest, type WhatsAppTest } from "./fake-client.ts";

let test: WhatsAppTest;
beforeEach(async () => {
  test = await startWhatsAppTest();
});
afterEach(() => test.close());

const OTHER_GROUP = "120363000000000777@g.us";

describe("a group that added the bot without an invitation", () => {
  it("gets one explanation, then the bot leaves and writes there no more", async () => {
    const { client } = test;
    const bosco = client.person("bosco");
    await test.act(() => client.addBot(OTHER_GROUP, bosco));
    const explained = client.sentTo(OTHER_GROUP);
    expect(explained).toHaveLength(1);
    expect(explained[0]?.text).toContain(test.harness.texts.t("en", "start.group-unclaimed", { minutes: 15 }).slice(0, 20));

    await test.wait(1);
    expect(client.left).toEqual([OTHER_GROUP]);
    expect(client.sentTo(OTHER_GROUP)).toHaveLength(1);

    // Someone still writing there is not answered: the bot is gone.
    await test.act(() => client.write(bosco, "/help", OTHER_GROUP));
    expect(client.sentTo(OTHER_GROUP)).toHaveLength(1);
  });
});

describe("the bot removed from a group", () => {
  it("sends nothing more there: what was due is Undeliverable, and WhatsApp is not even asked", async () => {
    const { client, app } = test;
    const amina = client.person("amina");
    await aGroup(test, amina);
    await test.act(() => client.removeBot(GROUP, amina));
    const attempts = client.attempts.length;

    await expect(app.send({ to: { kind: "chat", platform: "whatsapp", chatId: GROUP }, text: "A reminder" })).rejects.toBeInstanceOf(Undeliverable);
    expect(client.attempts).toHaveLength(attempts);
    expect(client.sentTo(GROUP).map((s) => s.text)).not.toContain("A reminder");
  });

  it("is found out when WhatsApp refuses a message there, even if the removal was missed", async () => {
    const { client, app } = test;
    const amina = client.person("amina");
    await aGroup(test, amina);
    // The removal happened while the process was down: no event, but the chat is read-only now.
    client.readOnly(GROUP);
    const to = { kind: "chat" as const, platform: "whatsapp", chatId: GROUP };
    await expect(app.send({ to, text: "First" })).rejects.toBeInstanceOf(Undeliverable);
    const attempts = client.attempts.length;
    await expect(app.send({ to, text: "Second" })).rejects.toBeInstanceOf(Undeliverable);
    expect(client.attempts).toHaveLength(attempts);
  });
});

describe("a participant leaving", () => {
  it("is marked gone from the group, and the rest stay members", async () => {
    const { client } = test;
    const [amina, aung, thida] = [client.person("amina"), client.person("aung"), client.person("thida")];
    await aGroup(test, amina, [aung, thida]);
    const { store } = test.harness;
    const group = await store.groups.find("whatsapp", GROUP);

    await test.act(() => client.leaves(GROUP, aung));
    await test.act(() => client.leaves(GROUP, thida, amina));

    const members = await store.memberships.members(group?.id ?? -1);
    expect(members.map((m) => m.person.displayName)).toEqual(["Amina"]);
  });

  it("is recognised by their @lid in the notification when the bot first met them by their phone id", async () => {
    const { client } = test;
    const [amina, ko] = [client.person("amina"), client.person("ko")];
    await aGroup(test, amina);
    // Ko writes privately first (their phone id), then joins in the group (their @lid).
    await test.act(() => client.write(ko, "/help"));
    await test.act(() => client.write(ko, "/join", GROUP));
    await test.act(() => client.write(ko, "1"));
    await test.act(() => client.write(ko, "0"));
    const { store } = test.harness;
    const group = await store.groups.find("whatsapp", GROUP);
    expect((await store.memberships.members(group?.id ?? -1)).map((m) => m.person.displayName)).toEqual(["Amina", "Ko"]);
    expect((await store.people.find("whatsapp", ko.phoneId))?.platformUserId).toBe(ko.phoneId);

    await test.act(() => client.leaves(GROUP, ko));
    expect((await store.memberships.members(group?.id ?? -1)).map((m) => m.person.displayName)).toEqual(["Amina"]);
  });
});

describe("who the bot writes to", () => {
  it("never writes first to someone who has not written to it nor shares a group with it", async () => {
    const { client, app } = test;
    const stranger = client.person("stranger");
    await expect(app.send({ to: { kind: "person", platform: "whatsapp", userId: stranger.phoneId }, text: "Hello" })).rejects.toBeInstanceOf(Undeliverable);
    await expect(app.send({ to: { kind: "chat", platform: "whatsapp", chatId: OTHER_GROUP }, text: "Hello" })).rejects.toBeInstanceOf(Undeliverable);
    expect(client.attempts).toEqual([]);
  });

  it("writes in private to a member who only ever wrote in the group, by the id it knows them by", async () => {
    const { client, app } = test;
    const [amina, aung] = [client.person("amina"), client.person("aung")];
    await aGroup(test, amina);
    await test.act(() => client.write(aung, "/help", GROUP));
    await app.send({ to: { kind: "person", platform: "whatsapp", userId: aung.lid }, text: "Your turn" });
    expect(client.sentTo(aung.lid).map((s) => s.text)).toEqual(["Your turn"]);
  });

  it("after a restart, writes to someone whose private chat with it has history, as WhatsApp Web shows it", async () => {
    const { client, app } = test;
    const aung = client.person("aung");
    client.hasHistory(aung.phoneId);
    await app.send({ to: { kind: "person", platform: "whatsapp", userId: aung.phoneId }, text: "Reminder" });
    expect(client.sentTo(aung.phoneId).map((s) => s.text)).toEqual(["Reminder"]);
  });
});
