/**
 * The real process (`npm start` with a Slack token) over HTTP, against the
 * fake Web API: a programme is created on the command line, its coordinator
 * sets a channel up, three people join with their consent in their direct
 * messages, raise concerns there, vote by pressing the ballot's buttons (the
 * ballot rewritten in place) and see the result in the channel. Every request
 * is signed and shaped as Slack sends it to /slack/events: slash commands as
 * forms, events as JSON, presses as a form with a JSON `payload`.
 *
 * The process keeps Slack's pace (one message a second per conversation),
 * so the walk takes as long as the bot paces itself; everything else is at
 * once. A request is answered once its work is done (or at 2.5 seconds, when
 * the walk waits for the bot to go quiet).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ACK_WITHIN_MS } from "../../../src/bots/slack/receiver.ts";
import { freshSqliteUrl, type FreshUrl } from "../../store/databases.ts";
import { buttonsOf, textOf } from "./setup.ts";
import { BOT_USER_ID, DEFAULT_TOKEN, FakeSlackApi, type SlackUser } from "./fake-web-api.ts";
import { actionBody, commandBody, eventBody, FORM_TYPE, JSON_TYPE, postSigned, urlVerificationBody } from "./signing.ts";

const SECRET = "e2e-signing-secret";
const CHANNEL = "C0WARD4";
/** Past this, the bot's receiver answered at its deadline, before its work was done: the walk waits for it to go quiet. */
const ANSWERED_EARLY_MS = ACK_WITHIN_MS - 100;
/**
 * How long the bot must call Slack for nothing to count as done: well over its
 * pace of one message a second, for a loaded machine. Waited only after the
 * few requests answered at the deadline.
 */
const QUIET_MS = 2500;

let fresh: FreshUrl;
let api: FakeSlackApi;
let bot: ChildProcess | undefined;
let botLog = "";
let endpoint = "";
let serial = 0;

beforeAll(async () => {
  fresh = await freshSqliteUrl();
  api = await FakeSlackApi.start();
});

afterAll(async () => {
  if (bot && bot.exitCode === null) {
    const exited = new Promise((resolve) => bot?.once("exit", resolve));
    bot.kill("SIGTERM");
    await exited;
  }
  await api.close();
  await fresh.remove();
});

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("No port was given");
  return address.port;
}

function env(port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    DATABASE_URL: fresh.url,
    SLACK_BOT_TOKEN: DEFAULT_TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: api.url,
    PORT: String(port),
    DEFAULT_TIMEZONE: "Asia/Yangon",
  };
}

async function startBot(port: number): Promise<void> {
  const started = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env: env(port), stdio: ["ignore", "pipe", "pipe"] });
  bot = started;
  await new Promise<void>((resolve, reject) => {
    started.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("running on Slack")) resolve();
    });
    started.stderr.on("data", (chunk: Buffer) => (botLog += chunk.toString()));
    started.once("exit", () => reject(new Error(`The bot stopped: ${botLog}`)));
  });
  endpoint = `http://127.0.0.1:${port}/slack/events`;
}

function person(name: string, locale?: string): SlackUser {
  const user: SlackUser = { id: `U${name.toUpperCase()}`, name, ...(locale ? { locale } : {}) };
  api.addUser(user);
  return user;
}

const dmOf = (user: SlackUser) => api.dmOf(user.id);
const next = () => String(++serial).padStart(6, "0");

/** Posts a signed request as Slack would and waits until its work is done; the answer must be 200. */
async function deliver(body: string, contentType: string): Promise<void> {
  const sent = Date.now();
  const answer = await postSigned(endpoint, SECRET, body, contentType);
  expect(answer.status, botLog).toBe(200);
  if (Date.now() - sent >= ANSWERED_EARLY_MS) await quiet();
}

/** Waits until the bot has called the Web API for nothing for {@link QUIET_MS}. */
async function quiet(): Promise<void> {
  let count = api.calls.length;
  let since = Date.now();
  while (Date.now() - since < QUIET_MS) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (api.calls.length !== count) {
      count = api.calls.length;
      since = Date.now();
    }
  }
}

/** `/baraza <text>` typed by `user` in `channel` (a channel, or their DM). */
function command(user: SlackUser, channel: string, text: string): Promise<void> {
  const id = next();
  return deliver(commandBody({ user_id: user.id, user_name: user.name.toLowerCase(), channel_id: channel, text, trigger_id: `${id}.trigger`, response_url: `${api.url}response/${id}` }), FORM_TYPE);
}

/** `user` writes `text` in their direct message with the bot. */
function dm(user: SlackUser, text: string): Promise<void> {
  return deliver(eventBody({ type: "message", channel: dmOf(user), channel_type: "im", user: user.id, text, ts: `1800000000.${next()}`, event_ts: "1800000000.000001" }), JSON_TYPE);
}

/** `user` replies `text` in the thread of the bot's newest message in a channel. */
function threadReply(user: SlackUser, channel: string, text: string): Promise<void> {
  const parent = api.messages(channel).at(-1)?.ts ?? "";
  return deliver(eventBody({ type: "message", channel, channel_type: "channel", user: user.id, text, ts: `1800000000.${next()}`, thread_ts: parent, parent_user_id: BOT_USER_ID }), JSON_TYPE);
}

/**
 * `@Baraza <text>` in a channel. Slack sends it twice, as an app_mention and
 * as a channel message (subscribed for thread replies); it is one command.
 */
async function mention(user: SlackUser, channel: string, text: string): Promise<void> {
  const message = { channel, user: user.id, text: `<@${BOT_USER_ID}> ${text}`, ts: `1800000000.${next()}`, event_ts: "1800000000.000003" };
  await deliver(eventBody({ type: "app_mention", ...message }), JSON_TYPE);
  await deliver(eventBody({ type: "message", channel_type: "channel", ...message }), JSON_TYPE);
}

/** The bot is invited into `channel` by `inviter` (`/invite @Baraza`). */
function invited(inviter: SlackUser, channel: string): Promise<void> {
  return deliver(eventBody({ type: "member_joined_channel", channel, channel_type: "C", user: BOT_USER_ID, inviter: inviter.id, team: "T0001", event_ts: "1800000000.000002" }), JSON_TYPE);
}

/**
 * `user` presses, in `channel`, the button `which` picks (by its text or its
 * value) under the newest message that now shows one; or, with `at`, under
 * the message at `at` as it was first drawn (an old view of it).
 */
async function press(user: SlackUser, channel: string, which: (button: { text: string; value: string }) => boolean, at?: { ts: string; blocks: unknown[] }): Promise<void> {
  const messages = at ? [at] : api.messages(channel).reverse();
  for (const message of messages) {
    const button = buttonsOf(message.blocks).find(which);
    if (!button) continue;
    const id = next();
    return deliver(
      actionBody({
        user: { id: user.id, username: user.name.toLowerCase(), name: user.name.toLowerCase(), team_id: "T0001" },
        trigger_id: `${id}.trigger`,
        response_url: `${api.url}response/${id}`,
        container: { type: "message", message_ts: message.ts, channel_id: channel, is_ephemeral: false },
        channel: { id: channel, name: channel.startsWith("D") ? "directmessage" : "ward-4" },
        message: { type: "message", user: BOT_USER_ID, ts: message.ts, text: "", blocks: message.blocks },
        actions: [{ type: "button", action_id: button.action_id, block_id: "b", text: { type: "plain_text", text: button.text }, value: button.value, action_ts: "1800000000.1" }],
      }),
      FORM_TYPE,
    );
  }
  throw new Error(`No such button in ${channel}: ${messages.flatMap((m) => buttonsOf(m.blocks).map((b) => `${b.text} (${b.value})`)).join(" | ") || "none"}`);
}

/** What a ballot says, in each language a member reads it in. */
const BALLOT = {
  en: { fresh: "3 points left to give.", cast: "✅ Your vote is saved:" },
  my: { fresh: "ပေးစရာ အမှတ် 3 မှတ် ကျန်ပါသေးတယ်။", cast: "✅ သင့်မဲကို သိမ်းပြီးပါပြီ:" },
};

const labelled = (label: string) => (button: { text: string }) => button.text.includes(label);
/** A button by what it stands for when typed (`+1`, `done`, `1`), whatever the language of its text. */
const answering = (answer: string) => (button: { value: string }) => button.value.endsWith(`:${answer}`);

/** Every text shown in a conversation now, oldest first. */
function texts(channel: string): string[] {
  return api.messages(channel).map((message) => textOf(message.blocks));
}

it("walks a channel of three from set-up to its priorities, in a real process over signed HTTP requests", async () => {
  const created = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", "programme", "create", "Karen State CSWGs"], { env: env(1), encoding: "utf8" });
  const code = /\/start (\S+)/.exec(created.stdout)?.[1] ?? "";
  expect(code).not.toBe("");
  await startBot(await freePort());

  const amina = person("Amina");
  const members = [person("Aung"), person("Thida", "my-MM"), person("Ram")];
  const [aung, thida] = members as [SlackUser, SlackUser, SlackUser];

  // Slack checks the events address when it is saved: the challenge comes back.
  const verified = await postSigned(endpoint, SECRET, urlVerificationBody("a-challenge"), JSON_TYPE);
  expect(JSON.parse(verified.text)).toEqual({ challenge: "a-challenge" });
  // A request not signed with the app's secret is refused, and causes nothing.
  const callsBefore = api.calls.length;
  const forged = await postSigned(endpoint, "not-the-secret", commandBody({ user_id: amina.id, channel_id: dmOf(amina), text: `start ${code}` }), FORM_TYPE);
  expect(forged.status).toBe(401);
  expect(api.calls.length).toBe(callsBefore);

  await command(amina, dmOf(amina), `start ${code}`);
  expect(texts(dmOf(amina)).join("\n")).toContain("coordinator");

  await invited(amina, CHANNEL);
  // Arriving, the bot says once how it is set up.
  expect(texts(CHANNEL)).toHaveLength(1);
  await command(amina, CHANNEL, "setup");
  await threadReply(amina, CHANNEL, "Ward 4 Safety Group");
  await threadReply(amina, CHANNEL, "Hlaingbwe");
  for (let question = 0; question < 7; question++) await press(amina, CHANNEL, answering("1"));
  expect(texts(CHANNEL).join("\n")).toContain("Ward 4 Safety Group");
  // The facilitator, like everyone, agrees to take part in private.
  await press(amina, dmOf(amina), answering("1"));
  await dm(amina, "0");

  for (const member of members) {
    await command(member, CHANNEL, "join");
    await press(member, dmOf(member), answering("1"));
    await dm(member, "0");
  }
  // Thida's Slack is in Burmese: what the bot tells her alone is in Burmese.
  expect(texts(dmOf(thida)).join("\n")).toMatch(/[\u1000-\u109f]/);
  expect(texts(dmOf(aung)).join("\n")).not.toMatch(/[\u1000-\u109f]/);

  const shown = texts(CHANNEL).length;
  await mention(amina, CHANNEL, "next");
  // The mention was one command, answered once: a question to confirm.
  expect(texts(CHANNEL)).toHaveLength(shown + 1);
  await press(amina, CHANNEL, answering("1"));

  const concerns = ["No lights on the market road", "Harassment on the plantation path", "Fights at the crossroads"];
  for (const [index, member] of members.entries()) await command(member, dmOf(member), `concern ${concerns[index] ?? ""}`);
  // Concerns raised in private are not shown in the channel, nor named.
  for (const concern of concerns) expect(texts(CHANNEL).join("\n")).not.toContain(concern);

  await command(amina, CHANNEL, "vote");
  expect(texts(CHANNEL).join("\n")).toContain("You have 3 points.");
  const ballots = [["+1", "+1", "+3"], ["+3", "+3", "+3"], ["+1", "+2", "+3"]];
  for (const [index, member] of members.entries()) {
    await press(member, CHANNEL, labelled("Vote in private"));
    const ballot = api.messages(dmOf(member)).at(-1);
    const said = member === thida ? BALLOT.my : BALLOT.en;
    expect(textOf(ballot?.blocks ?? [])).toContain(said.fresh);
    for (const answer of ballots[index] ?? []) await press(member, dmOf(member), answering(answer));
    await press(member, dmOf(member), answering("done"));
    // Every press rewrote the ballot where it was (chat.update), and nothing new was posted under it.
    const updates = api.calls.filter((call) => call.method === "chat.update" && call.payload["channel"] === dmOf(member) && call.payload["ts"] === ballot?.ts);
    expect(updates.length).toBeGreaterThanOrEqual(4);
    expect(api.messages(dmOf(member)).at(-1)?.ts).toBe(ballot?.ts);
    expect(texts(dmOf(member)).at(-1)).toContain(said.cast);
    expect(buttonsOf(api.messages(dmOf(member)).at(-1)?.blocks ?? []).map((b) => b.value)).not.toContainEqual(expect.stringMatching(/:done$/));
  }

  // Aung presses his old ballot's ➕ again: it changes nothing, and he alone is told so, without a message added to his DM.
  const aungBallot = api.calls.find((call) => call.method === "chat.postMessage" && call.response["channel"] === dmOf(aung) && buttonsOf(Array.isArray(call.payload["blocks"]) ? call.payload["blocks"] : []).some(answering("+1")));
  const shownBefore = texts(dmOf(aung));
  const noticesBefore = api.ephemerals(dmOf(aung), aung.id).length;
  await press(aung, dmOf(aung), answering("+1"), { ts: String(aungBallot?.response["ts"]), blocks: Array.isArray(aungBallot?.payload["blocks"]) ? aungBallot.payload["blocks"] : [] });
  expect(texts(dmOf(aung))).toEqual(shownBefore);
  expect(api.ephemerals(dmOf(aung), aung.id).slice(noticesBefore).map((notice) => textOf(notice.blocks))).toEqual([
    "That button belongs to a question that is no longer waiting for your answer, so nothing was changed.",
  ]);

  await command(amina, CHANNEL, "closevote");
  expect(texts(CHANNEL).at(-1)).toContain("Close the vote now?");
  await press(amina, CHANNEL, labelled("Yes, close it now"));
  const result = texts(CHANNEL).join("\n");
  expect(result).toContain("1. #3 “⁨Fights at the crossroads⁩” — 5 points");
  expect(result).toContain("The group's priorities are now: #3, #1, #2.");
  // Nobody's ballot was shown in the channel.
  expect(texts(CHANNEL).join("\n")).not.toContain(BALLOT.en.fresh);
  expect(texts(CHANNEL).join("\n")).not.toContain(BALLOT.en.cast);
  // Nothing went wrong in the bot's log.
  expect(botLog).toBe("");
}, 300_000);
