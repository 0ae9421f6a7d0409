/**
 * A Slack app on a fresh SQLite store (the flows' test harness), talking to
 * the fake Web API, and fed Slack's requests as Bolt's receivers feed them
 * (`app.processEvent`), without HTTP: slash commands, direct messages,
 * mentions, thread replies and button presses, in Slack's own shapes.
 */
import type { Receiver } from "@slack/bolt";
import { webApi } from "@slack/bolt";
import { createSlackApp, type SlackApp } from "../../../src/bots/slack/app.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { APP_ID, BOT_ID, BOT_USER_ID, DEFAULT_TOKEN, FakeSlackApi, TEAM_ID, type SlackUser } from "./fake-web-api.ts";

export const CHANNEL = "C0GROUP";

export interface SlackTest {
  harness: Harness;
  api: FakeSlackApi;
  slack: SlackApp;
  logged: Record<string, unknown>[];
  /** Adds `name` to the workspace (`amina` → user UAMINA, shown as Amina), with their Slack language. */
  person(name: string, locale?: string): SlackUser;
  /** `/baraza <text>` typed by `user` in `channel` (a channel id, or their DM). */
  command(user: SlackUser, channel: string, text: string): Promise<void>;
  /** `user` writes `text` in their direct message with the bot. */
  dm(user: SlackUser, text: string): Promise<void>;
  /** `@Baraza <text>` in a channel. */
  mention(user: SlackUser, channel: string, text: string): Promise<void>;
  /** `user` replies `text` in the thread of the bot's message `threadTs` in a channel. */
  threadReply(user: SlackUser, channel: string, threadTs: string, text: string): Promise<void>;
  /** `user` presses the button whose text contains `label`, under the newest message with buttons in `channel` that has one (or under `ts`). */
  press(user: SlackUser, channel: string, label: string, ts?: string): Promise<void>;
  /** The bot is invited into `channel` by `inviter`. */
  invited(inviter: SlackUser, channel: string): Promise<void>;
  /** Slack sends the last request again (an event retried, `X-Slack-Retry-Num`). */
  redeliver(): Promise<void>;
  /** Every text shown in `channel` now (messages as updated, oldest first). */
  texts(channel: string): string[];
  close(): Promise<void>;
}

/** A receiver that Bolt starts and stops, and through which nothing arrives: the tests call `processEvent`. */
const noTransport: Receiver = { init: () => undefined, start: () => Promise.resolve(), stop: () => Promise.resolve() };

export async function startSlackTest(): Promise<SlackTest> {
  const harness = await startHarness();
  const api = await FakeSlackApi.start();
  const client = new webApi.WebClient(DEFAULT_TOKEN, { slackApiUrl: api.url, retryConfig: { retries: 0 } });
  const slack = createSlackApp({
    token: DEFAULT_TOKEN,
    identity: { botUserId: BOT_USER_ID, botId: BOT_ID, name: "baraza", appLink: `https://slack.com/app_redirect?app=${APP_ID}&team=${TEAM_ID}` },
    receiver: noTransport,
    client,
    lookups: client,
    baraza: harness.baraza,
    texts: harness.texts,
    defaultLocale: "en",
    // Slack's pace of one message a second per conversation has tests of its own (outbound.test.ts).
    paceMs: 0,
    log: { error: (event, details) => harness.logged.push({ event, ...details }) },
  });
  let serial = 0;
  const next = () => String(++serial).padStart(6, "0");
  let last: Record<string, unknown> | undefined;
  const feed = async (body: Record<string, unknown>, retryNum?: number) => {
    last = body;
    await slack.app.processEvent({ body, ack: () => Promise.resolve(), ...(retryNum ? { retryNum, retryReason: "http_timeout" } : {}) });
  };
  const event = (event: Record<string, unknown>) => feed({ type: "event_callback", team_id: TEAM_ID, api_app_id: APP_ID, event_id: `Ev${next()}`, event_time: 1, event });
  const ts = () => `1800000000.${next()}`;

  return {
    harness,
    api,
    slack,
    logged: harness.logged,
    person(name, locale) {
      const user: SlackUser = { id: `U${name.toUpperCase()}`, name: name.charAt(0).toUpperCase() + name.slice(1), ...(locale ? { locale } : {}) };
      api.addUser(user);
      return user;
    },
    command: (user, channel, text) =>
      feed({ command: "/baraza", text, user_id: user.id, user_name: user.name.toLowerCase(), channel_id: channel, team_id: TEAM_ID, trigger_id: `trigger-${next()}`, response_url: `${api.url}response/${next()}` }),
    dm: (user, text) => event({ type: "message", channel: api.dmOf(user.id), channel_type: "im", user: user.id, text, ts: ts() }),
    mention: (user, channel, text) => event({ type: "app_mention", channel, user: user.id, text: `<@${BOT_USER_ID}> ${text}`, ts: ts() }),
    threadReply: (user, channel, threadTs, text) =>
      event({ type: "message", channel, channel_type: "channel", user: user.id, text, ts: ts(), thread_ts: threadTs, parent_user_id: BOT_USER_ID }),
    async press(user, channel, label, at) {
      const found = findButton(api, channel, label, at);
      if (!found) throw new Error(`No button "${label}" in ${channel}: ${buttonsIn(api, channel).join(" | ") || "none"}`);
      await feed({
        type: "block_actions",
        team: { id: TEAM_ID },
        user: { id: user.id, name: user.name.toLowerCase() },
        trigger_id: `trigger-${next()}`,
        response_url: `${api.url}response/${next()}`,
        container: { type: "message", message_ts: found.ts, channel_id: channel, is_ephemeral: false },
        channel: { id: channel },
        message: { ts: found.ts, type: "message", text: found.text, blocks: found.blocks, ...(found.thread_ts === undefined ? {} : { thread_ts: found.thread_ts }) },
        actions: [{ type: "button", action_id: found.button.action_id, block_id: "b", value: found.button.value, action_ts: "1" }],
      });
    },
    invited: (inviter, channel) => event({ type: "member_joined_channel", channel, channel_type: "C", user: BOT_USER_ID, inviter: inviter.id, team: TEAM_ID }),
    async redeliver() {
      if (!last) throw new Error("Nothing was delivered yet");
      await feed(last, 1);
    },
    texts: (channel) => api.messages(channel).map((m) => textOf(m.blocks)),
    async close() {
      await slack.app.stop().catch(() => undefined);
      await api.close();
      await harness.close();
    },
  };
}

interface DrawnButton {
  text: string;
  value: string;
  action_id: string;
}

/** The buttons of a message's blocks, as Block Kit has them. */
export function buttonsOf(blocks: unknown[]): DrawnButton[] {
  const buttons: DrawnButton[] = [];
  for (const block of blocks) {
    if (!isRecord(block) || block["type"] !== "actions" || !Array.isArray(block["elements"])) continue;
    for (const element of block["elements"]) {
      if (!isRecord(element) || element["type"] !== "button" || typeof element["value"] !== "string" || typeof element["action_id"] !== "string") continue;
      const text = isRecord(element["text"]) && typeof element["text"]["text"] === "string" ? element["text"]["text"] : "";
      buttons.push({ text, value: element["value"], action_id: element["action_id"] });
    }
  }
  return buttons;
}

/** What a message shows: its sections' texts, as one text (the top-level `text` is only the notification). */
export function textOf(blocks: unknown[]): string {
  const sections = blocks.filter((b): b is Record<string, unknown> => isRecord(b) && b["type"] === "section");
  return sections.map((b) => (isRecord(b["text"]) && typeof b["text"]["text"] === "string" ? b["text"]["text"] : "")).join("\n");
}

/** The newest message in `channel` (or the one at `ts`) with a button labelled `label`, drawn now or ever (an old app's view). */
function findButton(api: FakeSlackApi, channel: string, label: string, ts?: string): (DrawnMessage & { button: DrawnButton }) | undefined {
  const drawn = everDrawn(api, channel);
  for (const message of [...drawn].reverse()) {
    if (ts !== undefined && message.ts !== ts) continue;
    const button = buttonsOf(message.blocks).find((b) => b.text.includes(label));
    if (button) return { ...message, button };
  }
  return undefined;
}

/** One version of a message the bot posted or rewrote; `thread_ts` is its thread's first message, for a reply in a thread. */
interface DrawnMessage {
  ts: string;
  text: string;
  blocks: unknown[];
  thread_ts?: string;
}

/** Every version of every message posted or rewritten in `channel`, oldest first. */
function everDrawn(api: FakeSlackApi, channel: string): DrawnMessage[] {
  const versions: DrawnMessage[] = [];
  const threads = new Map<string, string>();
  for (const call of api.calls) {
    if (!call.ok || (call.method !== "chat.postMessage" && call.method !== "chat.update")) continue;
    if (call.response["channel"] !== channel) continue;
    const ts = String(call.response["ts"]);
    if (call.method === "chat.postMessage" && typeof call.payload["thread_ts"] === "string") threads.set(ts, call.payload["thread_ts"]);
    const blocks = Array.isArray(call.payload["blocks"]) ? call.payload["blocks"] : [];
    const thread = threads.get(ts);
    versions.push({ ts, text: String(call.payload["text"] ?? ""), blocks, ...(thread === undefined ? {} : { thread_ts: thread }) });
  }
  return versions;
}

function buttonsIn(api: FakeSlackApi, channel: string): string[] {
  return everDrawn(api, channel).flatMap((m) => buttonsOf(m.blocks).map((b) => b.text));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
