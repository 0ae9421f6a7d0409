/**
 * What Slack is asked to show, and when: a notice for one person seen by
 * them alone, files after their caption, a conversation Slack will never
 * deliver to named as such, a 429 waited out, new messages at Slack's pace
 * of one a second per conversation (updates in place not held to it), and
 * an answered question's buttons taken away where it was.
 */
import { webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SlackSender } from "../../../src/bots/slack/outbound.ts";
import { PLATFORM } from "../../../src/bots/slack/inbound.ts";
import { Undeliverable } from "../../../src/flows/jobs.ts";
import type { Outbound } from "../../../src/flows/messages.ts";
import { DEFAULT_TOKEN, type FakeSlackApi } from "./fake-web-api.ts";
import { buttonsOf, CHANNEL, startSlackTest, textOf, type SlackTest } from "./setup.ts";

let t: SlackTest;
beforeEach(async () => {
  t = await startSlackTest();
});
afterEach(() => t.close());

const inChannel = { kind: "chat" as const, platform: PLATFORM, chatId: CHANNEL };
const toPerson = (userId: string) => ({ kind: "person" as const, platform: PLATFORM, userId });

/** A sender at Slack's own pace, whose client waits out a 429 and tries again, as the app's does in production. */
function pacedSender(api: FakeSlackApi): SlackSender {
  const client = new webApi.WebClient(DEFAULT_TOKEN, { slackApiUrl: api.url, logLevel: webApi.LogLevel.ERROR, retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 } });
  return new SlackSender({ client, blocks: { replyInThread: () => "Reply in this thread" } });
}

/** When each call reached the fake, from now on (the fake records what, not when). */
function clocked(api: FakeSlackApi): { method: string; channel: string; ok: boolean; at: number }[] {
  const seen: { method: string; channel: string; ok: boolean; at: number }[] = [];
  const push = api.calls.push.bind(api.calls);
  api.calls.push = (...calls) => {
    for (const call of calls) seen.push({ method: call.method, channel: String(call.payload["channel"] ?? call.payload["channel_id"] ?? ""), ok: call.ok, at: Date.now() });
    return push(...calls);
  };
  return seen;
}

describe("Slack: a notice for one person", () => {
  it("is ephemeral in a channel: shown to that person alone", async () => {
    const amina = t.person("amina");

    await t.slack.send({ to: inChannel, text: "Your vote did not change.", visibility: { person: amina.id } });

    expect(t.api.ephemerals(CHANNEL, amina.id).map((e) => textOf(e.blocks))).toEqual(["Your vote did not change."]);
    expect(t.texts(CHANNEL)).toEqual([]);
  });

  it("is ephemeral in their DM too, adding nothing to its history", async () => {
    const amina = t.person("amina");

    await t.slack.send({ to: toPerson(amina.id), text: "Nothing was changed.", visibility: { person: amina.id } });

    expect(t.api.ephemerals(t.api.dmOf(amina.id), amina.id).map((e) => textOf(e.blocks))).toEqual(["Nothing was changed."]);
    expect(t.texts(t.api.dmOf(amina.id))).toEqual([]);
  });

  it("answers a press on an answered question, in a DM, with a notice the person alone sees", async () => {
    const amina = t.person("amina");
    const dm = t.api.dmOf(amina.id);
    await t.command(amina, dm, "forgetme");
    const question = t.api.messages(dm).at(-1);
    await t.press(amina, dm, "No, keep my data");
    const history = t.texts(dm);

    await t.press(amina, dm, "Yes, forget me", question?.ts);

    expect(t.texts(dm)).toEqual(history);
    expect(t.api.ephemerals(dm, amina.id).map((e) => textOf(e.blocks)).join("\n")).toContain("no longer waiting for your answer");
  });
});

describe("Slack: a message too big for one", () => {
  it("goes as several messages in order, the buttons under the last, which is where the core comes back to", async () => {
    const text = Array.from({ length: 30 }, (_, i) => `${i + 1}. ${"Safety walk notes ".repeat(55)}`).join("\n");
    const ref = await t.slack.send({ to: inChannel, text, question: "Qlong", choices: [{ number: 1, label: "Yes" }, { number: 2, label: "No" }] });

    const posted = t.api.messages(CHANNEL);
    expect(posted.length).toBeGreaterThan(1);
    for (const message of posted) expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(t.texts(CHANNEL).join("\n")).toBe(text);
    expect(posted.map((m) => buttonsOf(m.blocks).length)).toEqual([...posted.slice(1).map(() => 0), 2]);
    expect(ref).toEqual({ platform: PLATFORM, chatId: CHANNEL, messageId: posted.at(-1)?.ts });

    if (ref) await t.slack.clearChoices?.(ref);
    expect(t.api.messages(CHANNEL).flatMap((m) => buttonsOf(m.blocks))).toEqual([]);
  });
});

describe("Slack: files", () => {
  it("uploads each file with files.uploadV2 after the message's text, where it was sent", async () => {
    const csv = new TextEncoder().encode("number,text\n1,No lights on the market road\n");
    const png = new Uint8Array([137, 80, 78, 71]);

    await t.slack.send({
      to: inChannel,
      text: "Your export",
      files: [
        { name: "concerns.csv", mime: "text/csv", data: csv },
        { name: "chart.png", mime: "image/png", data: png },
      ],
    });

    expect(t.texts(CHANNEL)).toEqual(["Your export"]);
    expect(t.api.files(CHANNEL).map((f) => ({ name: f.name, bytes: f.bytes }))).toEqual([
      { name: "concerns.csv", bytes: Buffer.from(csv) },
      { name: "chart.png", bytes: Buffer.from(png) },
    ]);
    const methods = t.api.calls.map((c) => c.method);
    expect(methods.indexOf("chat.postMessage")).toBeLessThan(methods.indexOf("files.getUploadURLExternal"));
  });

  it("sends a person's export to their DM", async () => {
    const amina = t.person("amina");

    await t.slack.send({ to: toPerson(amina.id), text: "Your data", files: [{ name: "mydata.txt", mime: "text/plain", data: new TextEncoder().encode("Amina") }] });

    expect(t.api.files(t.api.dmOf(amina.id)).map((f) => f.bytes.toString())).toEqual(["Amina"]);
  });
});

describe("Slack: conversations Slack will never deliver to", () => {
  it.each(["not_in_channel", "is_archived", "channel_not_found"])("names %s as undeliverable, so the core stops trying", async (code) => {
    t.api.refuse("chat.postMessage", code);

    const sent = t.slack.send({ to: inChannel, text: "Hello" });

    await expect(sent).rejects.toBeInstanceOf(Undeliverable);
    await expect(sent).rejects.toThrow(`Slack: ${code}`);
  });

  it("names a deactivated person undeliverable, but not an outage", async () => {
    const amina = t.person("amina");
    t.api.refuse("conversations.open", "user_disabled");
    await expect(t.slack.send({ to: toPerson(amina.id), text: "Hello" })).rejects.toBeInstanceOf(Undeliverable);

    t.api.forgive();
    t.api.refuse("chat.postMessage", "internal_error");
    const failed = await t.slack.send({ to: toPerson(amina.id), text: "Hello" }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(Undeliverable);
  });

  it("tells a person whose message reached no one, and stores that their privacy notice was not given", async () => {
    const amina = t.person("amina");
    t.api.refuse("chat.postMessage", "messages_tab_disabled", (payload) => String(payload["channel"]).startsWith("D"));

    await t.dm(amina, "hello");

    const person = await t.harness.store.people.find(PLATFORM, amina.id);
    expect(person).not.toBeNull();
    expect(person?.privacyNoticeAt).toBeNull();
    expect(t.logged).toContainEqual(expect.objectContaining({ event: "delivery-failed", platform: PLATFORM, to: "person" }));
    expect(JSON.stringify(t.logged)).not.toContain("hello");
  });
});

describe("Slack: pace", () => {
  it("waits out a 429 for its Retry-After, and delivers the message once", async () => {
    const sender = pacedSender(t.api);
    const calls = clocked(t.api);
    t.api.rateLimit("chat.postMessage", 1);

    await sender.send({ to: inChannel, text: "Patient" });

    expect(calls.map((c) => [c.method, c.ok])).toEqual([
      ["chat.postMessage", false],
      ["chat.postMessage", true],
    ]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(t.texts(CHANNEL)).toEqual(["Patient"]);
  });

  it("posts one message a second to a conversation, in the order given", async () => {
    const sender = pacedSender(t.api);
    const calls = clocked(t.api);

    await Promise.all(["first", "second", "third"].map((text) => sender.send({ to: inChannel, text })));

    expect(t.texts(CHANNEL)).toEqual(["first", "second", "third"]);
    const posts = calls.filter((c) => c.method === "chat.postMessage").map((c) => c.at);
    expect(posts).toHaveLength(3);
    for (let i = 1; i < posts.length; i++) expect((posts[i] ?? 0) - (posts[i - 1] ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it("does not hold an update in place (a ballot being filled in) to the posting pace", async () => {
    const sender = pacedSender(t.api);
    const ballot: Outbound = { to: inChannel, text: "Your ballot: no points yet", question: "Qballot", choices: [{ number: 1, label: "Lights", answer: "+1" }] };
    const ref = await sender.send(ballot);
    if (!ref) throw new Error("The ballot was not sent");

    // A new message must wait its second; the update does not wait behind it.
    const next = sender.send({ to: inChannel, text: "Next message" });
    await sender.edit(ref, { ...ballot, text: "Your ballot: 1 point for Lights" });
    await next;

    const order = t.api.calls.filter((c) => c.method === "chat.postMessage" || c.method === "chat.update").map((c) => `${c.method} ${textOf(Array.isArray(c.payload["blocks"]) ? c.payload["blocks"] : [])}`);
    expect(order).toEqual(["chat.postMessage Your ballot: no points yet", "chat.update Your ballot: 1 point for Lights", "chat.postMessage Next message"]);
  });
});

describe("Slack: answered questions", () => {
  it("takes the buttons away from a question answered in a DM, where it was, by the DM's id", async () => {
    const amina = t.person("amina");
    const dm = t.api.dmOf(amina.id);
    await t.command(amina, dm, "forgetme");
    const question = t.api.messages(dm).at(-1);
    expect(buttonsOf(question?.blocks ?? []).length).toBe(2);

    await t.press(amina, dm, "No, keep my data");

    const after = t.api.messages(dm).find((m) => m.ts === question?.ts);
    expect(buttonsOf(after?.blocks ?? [])).toEqual([]);
    expect(textOf(after?.blocks ?? [])).toContain("Do you want me to forget you?");
    expect(t.texts(dm).at(-1)).toBe("All right. Nothing has changed.");
    // Slack updates a message by its conversation's id, never by a person's.
    const updates = t.api.calls.filter((c) => c.method === "chat.update");
    expect(updates.length).toBeGreaterThan(0);
    for (const update of updates) expect(update.payload["channel"]).toBe(dm);
  });

  it("takes the buttons away from a question answered by typing its number", async () => {
    const amina = t.person("amina");
    const dm = t.api.dmOf(amina.id);
    await t.command(amina, dm, "forgetme");
    const question = t.api.messages(dm).at(-1);

    await t.dm(amina, "2");

    expect(buttonsOf(t.api.messages(dm).find((m) => m.ts === question?.ts)?.blocks ?? [])).toEqual([]);
    expect(t.texts(dm).at(-1)).toBe("All right. Nothing has changed.");
  });

  it("fills in a ballot in a DM by presses, updated where it is, its buttons gone once the vote is cast", async () => {
    const amina = t.person("amina");
    const programme = await t.harness.store.programmes.create("Test programme");
    await t.harness.store.programmes.addCoordinator(programme.id, (await t.harness.store.people.identify(PLATFORM, amina.id, "Amina")).id);
    await t.invited(amina, CHANNEL);
    await t.command(amina, CHANNEL, "setup");
    await t.threadReply(amina, CHANNEL, t.api.messages(CHANNEL).at(-1)?.ts ?? "", "Ward 4 Safety Group");
    await t.threadReply(amina, CHANNEL, t.api.messages(CHANNEL).at(-1)?.ts ?? "", "Hlaingbwe");
    for (let answer = 0; answer < 7; answer++) await t.press(amina, CHANNEL, "1.");
    await t.press(amina, t.api.dmOf(amina.id), "1.");
    await t.dm(amina, "0");
    const members = [t.person("aung"), t.person("thida")];
    for (const member of members) {
      await t.command(member, CHANNEL, "join");
      await t.press(member, t.api.dmOf(member.id), "1.");
      await t.dm(member, "0");
    }
    await t.command(amina, CHANNEL, "next");
    await t.press(amina, CHANNEL, "1.");
    for (const [index, member] of members.entries()) await t.command(member, t.api.dmOf(member.id), `concern ${["No lights on the market road", "Fights at the crossroads"][index] ?? ""}`);
    await t.command(amina, CHANNEL, "vote");
    const [aung] = members;
    if (!aung) throw new Error("No Aung");
    const dm = t.api.dmOf(aung.id);

    await t.press(aung, CHANNEL, "Vote in private");
    const ballot = t.api.messages(dm).at(-1);
    await t.press(aung, dm, "➕ 1.");
    await t.press(aung, dm, "➕ 2.");

    // The ballot is still the last message in the DM, rewritten in place, its buttons still there to press.
    expect(t.api.messages(dm).at(-1)?.ts).toBe(ballot?.ts);
    expect(buttonsOf(t.api.messages(dm).at(-1)?.blocks ?? []).length).toBeGreaterThan(0);
    // Where the ballot is kept names Aung by his Slack id, never by his DM's.
    expect(await t.harness.db.sentQuestion.findMany({ where: { chatId: { startsWith: "D" } } })).toEqual([]);
    expect((await t.harness.db.sentQuestion.findMany({ where: { chatId: aung.id } })).length).toBe(1);

    await t.press(aung, dm, "➕ 1.");
    await t.press(aung, dm, "Cast my vote");

    const cast = t.api.messages(dm).find((m) => m.ts === ballot?.ts);
    expect(textOf(cast?.blocks ?? [])).toContain("Your vote is saved");
    expect(buttonsOf(cast?.blocks ?? [])).toEqual([]);
    expect(t.logged).toEqual([]);
  });
});
