/**
 * Sends that cannot go: one WhatsApp Web never answers fails after the send
 * timeout, so a chat's queue moves on and the sweep tries the message again;
 * stopping while WHATSAPP_PAUSED holds sends fails them at once, so the stop
 * completes, and a held scheduled message stays in the store for the next
 * start.
 */
import { Duration } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { createWhatsAppApp } from "../../../src/bots/whatsapp/app.ts";
import { Pacer, paceOf, SEND_TIMEOUT_MS, SendingStopped, SendTimedOut } from "../../../src/bots/whatsapp/pace.ts";
import { aGroup, GROUP, logText, startWhatsAppTest, type WhatsAppTest } from "./fake-client.ts";

let test: WhatsAppTest | undefined;
afterEach(async () => {
  await test?.close();
  test = undefined;
});

/** A group whose members raised two concerns: the digest falls due in the group within hours. */
async function concernsRaised(t: WhatsAppTest): Promise<void> {
  const { client } = t;
  const [amina, khin] = [client.person("amina"), client.person("khin")];
  await aGroup(t, amina, [khin]);
  await t.act(() => client.write(amina, "/next", GROUP));
  await t.act(() => client.write(amina, "1", GROUP));
  await t.act(() => client.write(khin, "/concern Harassment on the plantation path"));
  await t.act(() => client.write(amina, "/concern No lights on the market road"));
}

const digestIn = (t: WhatsAppTest) => t.client.sentTo(GROUP).filter((s) => s.text.includes("plantation path"));

describe("a send WhatsApp Web never answers", () => {
  it("fails after the send timeout, a minute unless set", () => {
    expect(SEND_TIMEOUT_MS).toBe(60_000);
    expect(paceOf().sendTimeoutMs).toBe(60_000);
  });

  it("fails after the timeout, and the chat's next message goes out", async () => {
    test = await startWhatsAppTest({ minGapMs: 0, maxPerMinute: Number.POSITIVE_INFINITY, sendTimeoutMs: 50 });
    const { client } = test;
    const amina = client.person("amina");
    await aGroup(test, amina);

    client.hangNext(GROUP);
    await test.act(() => client.write(amina, "/step", GROUP));
    const before = client.sentTo(GROUP).length;
    await test.act(() => client.write(amina, "/help", GROUP));

    // The unanswered reply is not there; the next one is, in the same chat.
    expect(client.sentTo(GROUP).length).toBe(before + 1);
    expect(client.sentTo(GROUP).at(-1)?.text).toContain("/step");
    expect(logText(test)).not.toMatch(/@(c\.us|lid|g\.us)/);
  });

  it("is a failed delivery for the sweep: the scheduled message is tried again and arrives once", async () => {
    test = await startWhatsAppTest({ minGapMs: 0, maxPerMinute: Number.POSITIVE_INFINITY, sendTimeoutMs: 50 });
    await concernsRaised(test);

    test.client.hangNext(GROUP);
    await test.wait(3);
    expect(digestIn(test)).toHaveLength(0);
    expect(await test.harness.db.scheduledJob.count({ where: { status: { in: ["pending", "claimed"] }, attempts: { gte: 1 } } })).toBeGreaterThan(0);

    await test.wait(1);
    expect(digestIn(test)).toHaveLength(1);
  });

  it("after a restart, a lookup of the chat WhatsApp Web never answers is a failed delivery too, not a chat the bot may not write to", async () => {
    test = await startWhatsAppTest({ minGapMs: 0, maxPerMinute: Number.POSITIVE_INFINITY, sendTimeoutMs: 50 });
    await concernsRaised(test);
    // The next start: an adapter that has heard no one yet asks WhatsApp Web whether it is in the group.
    test.app.unlisten();
    const { harness, client } = test;
    const next = createWhatsAppApp({ client, baraza: harness.baraza, texts: harness.texts, defaultLocale: "en", log: { error: () => undefined }, pace: { minGapMs: 0, maxPerMinute: Number.POSITIVE_INFINITY, sendTimeoutMs: 50 } });
    const deliver = async (hours: number) => {
      harness.clock.advance(Duration.fromObject({ hours }));
      await harness.baraza.deliverDue((message) => harness.baraza.send(next, message));
    };

    client.hangNextLookup(GROUP);
    await deliver(3);
    expect(digestIn(test)).toHaveLength(0);
    expect(harness.logged).not.toContainEqual(expect.objectContaining({ event: "job-message-undeliverable" }));

    await deliver(1);
    expect(digestIn(test)).toHaveLength(1);
  });

  it("fails the pacer's run with SendTimedOut, and the chat's next send goes", async () => {
    const pacer = new Pacer(paceOf({ minGapMs: 0, sendTimeoutMs: 20 }));
    await expect(pacer.run("chat", () => new Promise(() => undefined))).rejects.toBeInstanceOf(SendTimedOut);
    await expect(pacer.run("chat", () => Promise.resolve("next"))).resolves.toBe("next");
  });
});

describe("stopping while paused", () => {
  it("fails every held send at once, so the sweep's delivery ends; the digest stays in the store and goes after the next start", async () => {
    let paused = false;
    test = await startWhatsAppTest({ minGapMs: 0, maxPerMinute: Number.POSITIVE_INFINITY, paused: () => paused });
    await concernsRaised(test);
    paused = true;

    const delivering = test.wait(3);
    // The digest is held by the pause, for as long as it lasts.
    const held = await Promise.race([delivering.then(() => "delivered"), new Promise((resolve) => setTimeout(() => resolve("held"), 200))]);
    expect(held).toBe("held");
    test.app.stopSending();
    await delivering;
    expect(digestIn(test)).toHaveLength(0);
    expect(test.harness.logged).toContainEqual(expect.objectContaining({ event: "job-failed", error: "SendingStopped" }));
    // Nothing more goes out from this process, paused or not.
    paused = false;
    await expect(test.app.send({ to: { kind: "chat", platform: "whatsapp", chatId: GROUP }, text: "late" })).rejects.toBeInstanceOf(SendingStopped);
    expect(await test.harness.db.scheduledJob.count({ where: { status: { in: ["pending", "claimed"] } } })).toBeGreaterThan(0);

    // The next start: a new adapter on the same store and number delivers it, once.
    test.app.unlisten();
    const { harness, client } = test;
    const next = createWhatsAppApp({ client, baraza: harness.baraza, texts: harness.texts, defaultLocale: "en", log: { error: () => undefined }, pace: { minGapMs: 0, maxPerMinute: Number.POSITIVE_INFINITY } });
    next.listen();
    harness.clock.advance(Duration.fromObject({ hours: 1 }));
    await harness.baraza.deliverDue((message) => harness.baraza.send(next, message));
    next.unlisten();
    expect(digestIn(test)).toHaveLength(1);
  });
});
