/**
 * What a person writes on WhatsApp, as the bot reads it: commands typed
 * with `/` or `!`, answers typed as numbers, and nothing of what is not
 * text (media, stickers, the bot's own messages).
 */
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import type { WhatsAppAdapterClient } from "../../../src/bots/whatsapp/app.ts";
import type { WhatsAppClient } from "../../../src/bots/whatsapp/client.ts";
import { commandText } from "../../../src/bots/whatsapp/inbound.ts";
import { aGroup, FakeWhatsAppClient, GROUP, startWhatsAppTest, type WhatsAppTest } from "./fake-client.ts";

let test: WhatsAppTest;
beforeEach(async () => {
  test = await startWhatsAppTest();
});
afterEach(() => test.close());

const texts = (sent: { text: string }[]) => sent.map((s) => s.text).join("\n");

describe("the client", () => {
  it("is whatsapp-web.js's real Client as much as the tests' fake: both fit what the adapter uses", () => {
    expectTypeOf<WhatsAppClient>().toExtend<WhatsAppAdapterClient>();
    expectTypeOf<FakeWhatsAppClient>().toExtend<WhatsAppAdapterClient>();
  });
});

describe("commands", () => {
  it("reads `!name` as `/name`, and leaves other exclamations as written", () => {
    expect(commandText("!vote 1 1 3")).toBe("/vote 1 1 3");
    expect(commandText("  !help")).toBe("/help");
    expect(commandText("/vote")).toBe("/vote");
    expect(commandText("!!!")).toBe("!!!");
    expect(commandText("! help")).toBe("! help");
  });

  it("answers `!help` in a group as it answers `/help`, in the group", async () => {
    const { client } = test;
    const amina = client.person("amina");
    await aGroup(test, amina);
    const before = client.sentTo(GROUP).length;
    await test.act(() => client.write(amina, "!help", GROUP));
    const help = client.sentTo(GROUP).slice(before);
    expect(help).toHaveLength(1);
    await test.act(() => client.write(amina, "/help", GROUP));
    expect(client.sentTo(GROUP).at(-1)?.text).toBe(help[0]?.text);
  });

  it("takes `!vote 1 1 2` in private as a ballot", async () => {
    const { client } = test;
    const [amina, aung] = [client.person("amina"), client.person("aung")];
    await aGroup(test, amina, [aung]);
    await test.act(() => client.write(amina, "/next", GROUP));
    await test.act(() => client.write(amina, "1", GROUP));
    for (const [who, concern] of [[amina, "No lights on the market road"], [aung, "Fights at the crossroads"]] as const) await test.act(() => client.write(who, `/concern ${concern}`));
    await test.wait(3);
    await test.act(() => client.write(amina, "/vote", GROUP));

    await test.act(() => client.write(aung, "!vote 1 1 2"));
    const { store } = test.harness;
    const group = await store.groups.find("whatsapp", GROUP);
    const vote = await store.votes.openFor(group?.id ?? -1);
    const ballots = await store.votes.ballots(vote?.id ?? -1);
    expect(ballots.map((b) => b.choices)).toEqual([[1, 1, 2]]);
  });
});

describe("numbered answers", () => {
  it("shows choices as numbered lines and takes the number typed as the answer", async () => {
    const { client } = test;
    const thida = client.person("thida");
    await test.act(() => client.write(thida, "/start"));
    const question = client.sentTo(thida.phoneId).at(-1)?.text ?? "";
    const burmese = /^\s*(\d+)\.\s.*[\u1000-\u109f]/m.exec(question)?.[1];
    expect(burmese, `a numbered Burmese choice in: ${question}`).toBeDefined();
    expect(client.sent.every((s) => s.options?.sendMediaAsDocument === undefined)).toBe(true);

    await test.act(() => client.write(thida, burmese ?? ""));
    await test.act(() => client.write(thida, "!help"));
    expect(client.sentTo(thida.phoneId).at(-1)?.text).toMatch(/[\u1000-\u109f]/);
  });
});

describe("what is not for the bot", () => {
  it("answers no media, sticker or own message, and stores no one for them", async () => {
    const { client } = test;
    const aung = client.person("aung");
    await test.act(() => client.write(aung, "/help", undefined, { type: "image" }));
    await test.act(() => client.write(aung, "/help", GROUP, { type: "sticker" }));
    // Written from the linked phone itself, in a chat with Aung.
    await test.act(() => client.write(aung, "/help", undefined, { fromMe: true }));
    expect(client.sent).toEqual([]);
    expect(await test.harness.store.people.find("whatsapp", aung.lid)).toBeNull();
    expect(await test.harness.store.people.find("whatsapp", aung.phoneId)).toBeNull();
    // The same text, typed: answered.
    await test.act(() => client.write(aung, "/help"));
    expect(texts(client.sent)).not.toBe("");
  });

  it("ignores votes in native polls, which it never sends (a poll names the voter to the group)", async () => {
    const { client } = test;
    const amina = client.person("amina");
    await aGroup(test, amina);
    const before = client.sent.length;
    await test.act(() => client.pollVote(amina, GROUP, "1"));
    expect(client.sent).toHaveLength(before);
  });
});
