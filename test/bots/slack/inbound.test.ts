/**
 * Each shape Slack sends, and what comes of it: what people are shown and
 * what is stored. Slash commands, mentions, direct messages and thread
 * replies reach the core; the rest of a channel's talk, the bot's own
 * messages, other bots, edits, deletions and joins never do; a press the
 * core did not draw, or on a question no longer waiting, changes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PLATFORM } from "../../../src/bots/slack/inbound.ts";
import { BOT_ID, BOT_USER_ID, TEAM_ID, type SlackUser } from "./fake-web-api.ts";
import { buttonsOf, CHANNEL, startSlackTest, textOf, type SlackTest } from "./setup.ts";

let t: SlackTest;
beforeEach(async () => {
  t = await startSlackTest();
});
afterEach(() => t.close());

let serial = 0;
/** Feeds an Events API event, as setup.ts does, for shapes its helpers do not make. */
function event(body: Record<string, unknown>): Promise<void> {
  serial += 1;
  return t.slack.app.processEvent({ body: { type: "event_callback", team_id: TEAM_ID, event_id: `EvIn${serial}`, event_time: 1, event: body }, ack: () => Promise.resolve() });
}

/** A block_actions body of `user` pressing a button whose value is `value`, under the message `ts` in `channel`. */
function press(user: SlackUser, channel: string, ts: string, value: string, actionId = "baraza:0"): Promise<void> {
  serial += 1;
  return t.slack.app.processEvent({
    body: {
      type: "block_actions",
      team: { id: TEAM_ID },
      user: { id: user.id, name: user.name.toLowerCase() },
      trigger_id: `forged-${serial}`,
      container: { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: false },
      channel: { id: channel },
      message: { ts, type: "message", text: "", blocks: [] },
      actions: [{ type: "button", action_id: actionId, block_id: "b", value, action_ts: "1" }],
    },
    ack: () => Promise.resolve(),
  });
}

/** Everything the bot posted, anywhere, ephemeral messages included. */
function posted(): string[] {
  return t.api.calls.filter((c) => c.ok && (c.method === "chat.postMessage" || c.method === "chat.postEphemeral")).map((c) => textOf(Array.isArray(c.payload["blocks"]) ? c.payload["blocks"] : []));
}

/** What `user` was shown in `channel`: its messages and their own ephemeral ones, oldest first. */
function seen(user: SlackUser, channel: string): string {
  return [...t.texts(channel), ...t.api.ephemerals(channel, user.id).map((e) => textOf(e.blocks))].join("\n");
}

describe("Slack: what reaches the core", () => {
  it("answers `/baraza help` with the commands written as `/baraza <command>`, in the channel", async () => {
    const amina = t.person("amina");

    await t.command(amina, CHANNEL, "help");

    const help = seen(amina, CHANNEL);
    expect(help).toContain("/baraza join");
    expect(help).toContain("/baraza help");
    expect(help).not.toMatch(/(^|\s)\/join\b/);
  });

  it("answers `/baraza help vote` about voting, and `/baraza` alone as help", async () => {
    const amina = t.person("amina");

    await t.command(amina, CHANNEL, "help vote");
    const aboutVote = posted().join("\n");
    expect(aboutVote).toContain("/baraza vote");

    await t.command(amina, CHANNEL, "");
    const [, alone] = posted();
    await t.command(amina, CHANNEL, "help");
    expect(posted().at(-1)).toBe(alone);
    expect(alone).not.toBe(aboutVote);
  });

  it("takes `@Baraza vote` in a channel as `/baraza vote`", async () => {
    const amina = t.person("amina");

    await t.command(amina, CHANNEL, "vote");
    await t.mention(amina, CHANNEL, "vote");

    const [byCommand, byMention] = posted();
    expect(byCommand).toBeTruthy();
    expect(byMention).toBe(byCommand);
  });

  it("answers a direct message in the DM, with the privacy notice first, and stores the person", async () => {
    const amina = t.person("amina");

    await t.dm(amina, "hello");

    const reply = t.texts(t.api.dmOf(amina.id)).join("\n");
    expect(reply).toContain("🔒 Before we start: this chat with me is not end-to-end encrypted.");
    expect(await t.harness.store.people.find(PLATFORM, amina.id)).toMatchObject({ platformUserId: amina.id, displayName: "Amina" });
    expect(t.texts(CHANNEL)).toEqual([]);
  });

  it("reads a reply in the thread of the bot's message, but not a channel's other talk", async () => {
    const amina = t.person("amina");
    const ram = t.person("ram");
    const programme = await t.harness.store.programmes.create("Test programme");
    const coordinator = await t.harness.store.people.identify(PLATFORM, amina.id, "Amina");
    await t.harness.store.programmes.addCoordinator(programme.id, coordinator.id);
    await t.invited(amina, CHANNEL);
    await t.command(amina, CHANNEL, "setup");
    const asked = t.api.messages(CHANNEL).at(-1);
    const before = t.api.messages(CHANNEL).length;

    // Ram talks in the channel and in another person's thread: nothing of it is the bot's business.
    await event({ type: "message", channel: CHANNEL, channel_type: "channel", user: ram.id, text: "Ward 9 group", ts: "1800000001.000001" });
    await event({ type: "message", channel: CHANNEL, channel_type: "channel", user: ram.id, text: "Ward 9 group", ts: "1800000001.000002", thread_ts: "1800000001.000001", parent_user_id: amina.id });
    expect(t.api.messages(CHANNEL).length).toBe(before);
    expect(await t.harness.store.people.find(PLATFORM, ram.id)).toBeNull();

    await t.threadReply(amina, CHANNEL, asked?.ts ?? "", "Ward 4 Safety Group");
    expect(t.api.messages(CHANNEL).length).toBeGreaterThan(before);
    const group = await t.harness.store.groups.find(PLATFORM, CHANNEL);
    expect(group?.name).toBe("Ward 4 Safety Group");
  });

  it("ignores the bot's own messages, other bots, and edits, deletions and joins", async () => {
    const amina = t.person("amina");
    const dm = t.api.dmOf(amina.id);
    const ignored = [
      { type: "message", channel: dm, channel_type: "im", user: BOT_USER_ID, text: "/help", ts: "1800000002.000001" },
      { type: "message", channel: dm, channel_type: "im", bot_id: BOT_ID, text: "/help", ts: "1800000002.000002" },
      { type: "message", channel: dm, channel_type: "im", user: "UOTHERBOT", bot_id: "BOTHER", text: "/help", ts: "1800000002.000003" },
      { type: "message", subtype: "bot_message", channel: dm, channel_type: "im", bot_id: "BOTHER", text: "/help", ts: "1800000002.000004" },
      { type: "message", subtype: "message_changed", channel: dm, channel_type: "im", hidden: true, ts: "1800000002.000005", message: { user: amina.id, text: "/help", ts: "1800000002.000001" } },
      { type: "message", subtype: "message_deleted", channel: dm, channel_type: "im", hidden: true, ts: "1800000002.000006", deleted_ts: "1800000002.000001" },
      { type: "message", subtype: "channel_join", channel: CHANNEL, channel_type: "channel", user: amina.id, text: "<@UAMINA> has joined the channel", ts: "1800000002.000007" },
    ];

    for (const body of ignored) await event(body);
    await event({ type: "app_mention", channel: CHANNEL, user: "UOTHERBOT", bot_id: "BOTHER", text: `<@${BOT_USER_ID}> help`, ts: "1800000002.000008" });

    expect(posted()).toEqual([]);
    expect(await t.harness.store.people.find(PLATFORM, amina.id)).toBeNull();
    expect(await t.harness.store.people.find(PLATFORM, "UOTHERBOT")).toBeNull();
    expect(t.logged).toEqual([]);
  });

  it("stores nothing from a malformed body, and answers nothing", async () => {
    const amina = t.person("amina");

    await event({ type: "message", channel: t.api.dmOf(amina.id), channel_type: "im", user: amina.id, text: "hello" });
    await event({ type: "app_mention", channel: CHANNEL, user: amina.id, ts: "1800000003.000001" });
    await t.slack.app.processEvent({ body: { command: "/baraza", text: "help", team_id: TEAM_ID, channel_id: CHANNEL, trigger_id: "t1" }, ack: () => Promise.resolve() });
    await t.slack.app.processEvent({ body: { type: "block_actions", team: { id: TEAM_ID }, user: { id: "" }, trigger_id: "t2", container: {}, actions: [{ action_id: "baraza:0", value: "q::1" }] }, ack: () => Promise.resolve() });

    expect(posted()).toEqual([]);
    expect(await t.harness.store.people.find(PLATFORM, amina.id)).toBeNull();
  });
});

describe("Slack: what people write is shown as written", () => {
  it("echoes a typed `<!channel>` or `<@U123>` as plain characters, escaped in the notification: it pings no one and forges no mention", async () => {
    const amina = t.person("amina");
    await t.dm(amina, "hello");
    const before = t.api.calls.length;

    // As Slack sends what a person typed: `&`, `<` and `>` escaped.
    await t.command(amina, t.api.dmOf(amina.id), "lang &lt;!channel&gt; &lt;@U123&gt; &amp; *bold*");

    const echoed = t.api.calls.slice(before).filter((c) => c.method === "chat.postMessage" || c.method === "chat.postEphemeral");
    expect(echoed.length).toBeGreaterThan(0);
    const shown = echoed.map((c) => textOf(Array.isArray(c.payload["blocks"]) ? c.payload["blocks"] : [])).join("\n");
    // What the core adds to make a relayed text inert (invisible word joiners) aside, it is what was typed.
    expect(shown.replace(/\u2060/g, "")).toContain("<!channel> <@U123> & *bold*");
    for (const call of echoed) {
      expect(String(call.payload["text"])).not.toMatch(/<[!@#]/);
      for (const block of Array.isArray(call.payload["blocks"]) ? call.payload["blocks"] : []) {
        const json = JSON.stringify(block);
        if (json.includes("U123") || json.includes("channel")) expect(json).not.toContain("mrkdwn");
      }
    }
    expect(String(echoed[0]?.payload["text"]).replace(/\u2060/g, "")).toContain("&lt;!channel&gt; &lt;@U123&gt; &amp; *bold*");
  });
});

describe("Slack: presses the core refuses", () => {
  /** Amina, known, asked whether to forget her: the question's buttons in her DM. */
  async function asked(): Promise<{ amina: SlackUser; ts: string; yes: string }> {
    const amina = t.person("amina");
    await t.command(amina, t.api.dmOf(amina.id), "forgetme");
    const question = t.api.messages(t.api.dmOf(amina.id)).at(-1);
    const yes = buttonsOf(question?.blocks ?? []).find((b) => b.text.includes("Yes, forget me"));
    if (!question || !yes) throw new Error("forgetme asked no question with buttons");
    return { amina, ts: question.ts, yes: yes.value };
  }

  const stale = "That button belongs to a question that is no longer waiting for your answer, so nothing was changed.";

  it("refuses a press whose question was forged, and forgets no one", async () => {
    const { amina, ts, yes } = await asked();
    const forged = yes.replace(/^q:[^:]*:/, "q:ForgedToken123:");

    await press(amina, t.api.dmOf(amina.id), ts, forged);

    expect(await t.harness.store.people.find(PLATFORM, amina.id)).not.toBeNull();
    expect(seen(amina, t.api.dmOf(amina.id))).toContain(stale);
  });

  it("refuses a press of a value this version never draws, and one of another app's buttons is not even read", async () => {
    const { amina, ts } = await asked();
    const before = posted().length;

    await press(amina, t.api.dmOf(amina.id), ts, "c:3");
    expect(seen(amina, t.api.dmOf(amina.id))).toContain(stale);
    const refused = posted().length;
    await press(amina, t.api.dmOf(amina.id), ts, "q::1", "other-app:0");

    expect(refused).toBeGreaterThan(before);
    expect(posted().length).toBe(refused);
    expect(await t.harness.store.people.find(PLATFORM, amina.id)).not.toBeNull();
  });

  it("refuses a press on a question already answered, and the person stays", async () => {
    const { amina, ts } = await asked();
    await t.press(amina, t.api.dmOf(amina.id), "No, keep my data");
    expect(seen(amina, t.api.dmOf(amina.id))).toContain("All right. Nothing has changed.");

    // The old buttons, as an app that had not refreshed still shows them.
    await t.press(amina, t.api.dmOf(amina.id), "Yes, forget me", ts);

    expect(await t.harness.store.people.find(PLATFORM, amina.id)).not.toBeNull();
    expect(seen(amina, t.api.dmOf(amina.id))).toContain(stale);
  });
});
