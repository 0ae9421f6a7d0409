/**
 * The fake answers Slack's own clients as Slack would: these drive it with a
 * real WebClient and SocketModeClient, so the adapter's tests can trust what
 * the fake says people saw. The signer is checked against Bolt's verifier.
 */
import { isValidSlackRequest } from "@slack/bolt";
import { SocketModeClient } from "@slack/socket-mode";
import { LogLevel, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeSlackApi, BOT_USER_ID, DEFAULT_APP_TOKEN, DEFAULT_TOKEN } from "./fake-web-api.ts";
import { actionBody, commandBody, eventBody, postSigned, signedRequest, FORM_TYPE } from "./signing.ts";

let fake: FakeSlackApi;
let slack: WebClient;

beforeEach(async () => {
  fake = await FakeSlackApi.start();
  fake.addUser({ id: "U0AMINA", name: "Amina", locale: "my-MM" });
  // No backoff of the client's own, so a rate-limited call waits only as long as Retry-After says.
  slack = new WebClient(DEFAULT_TOKEN, { slackApiUrl: fake.url, logLevel: LogLevel.ERROR, retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 } });
});

afterEach(async () => {
  await fake.close();
});

describe("the fake Web API", () => {
  it("answers auth.test as the Baraza bot", async () => {
    const answer = await slack.auth.test();

    expect(answer).toMatchObject({ ok: true, user_id: BOT_USER_ID, bot_id: "BBARAZA", team_id: "T0001" });
  });

  it("delivers a message posted to a person's id to their DM", async () => {
    const answer = await slack.chat.postMessage({ channel: "U0AMINA", text: "Welcome", blocks: [{ type: "section", text: { type: "mrkdwn", text: "Welcome" } }] });

    expect(answer.channel).toBe(fake.dmOf("U0AMINA"));
    expect(fake.messages("DU0AMINA")).toEqual([{ ts: answer.ts, text: "Welcome", blocks: [{ type: "section", text: { type: "mrkdwn", text: "Welcome" } }] }]);
  });

  it("gives each message a later ts than the one before", async () => {
    const first = await slack.chat.postMessage({ channel: "C0WARD5", text: "one" });
    const second = await slack.chat.postMessage({ channel: "C0WARD5", text: "two" });

    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
  });

  it("shows a message as it was last updated, and forgets a deleted one", async () => {
    const posted = await slack.chat.postMessage({ channel: "C0WARD5", text: "Vote: 0 yes" });
    const gone = await slack.chat.postMessage({ channel: "C0WARD5", text: "Typing…" });

    await slack.chat.update({ channel: "C0WARD5", ts: posted.ts ?? "", text: "Vote: 1 yes" });
    await slack.chat.delete({ channel: "C0WARD5", ts: gone.ts ?? "" });

    expect(fake.messages("C0WARD5").map((m) => m.text)).toEqual(["Vote: 1 yes"]);
  });

  it("refuses to update a message it never sent", async () => {
    await expect(slack.chat.update({ channel: "C0WARD5", ts: "1.000000", text: "x" })).rejects.toMatchObject({ data: { error: "message_not_found" } });
  });

  it("finds a message by its ts in the channel's history", async () => {
    const posted = await slack.chat.postMessage({ channel: "C0WARD5", text: "Agenda" });
    await slack.chat.postMessage({ channel: "C0WARD5", text: "Later" });

    const history = await slack.conversations.history({ channel: "C0WARD5", latest: posted.ts ?? "", inclusive: true, limit: 1 });

    expect(history.messages?.map((m) => m.text)).toEqual(["Agenda"]);
  });

  it("shows an ephemeral message to its one reader", async () => {
    await slack.chat.postEphemeral({ channel: "C0WARD5", user: "U0AMINA", text: "Only you can see this" });

    expect(fake.ephemerals("C0WARD5", "U0AMINA").map((e) => e.text)).toEqual(["Only you can see this"]);
    expect(fake.messages("C0WARD5")).toEqual([]);
  });

  it("waits out a 429 with the client, which succeeds on its second attempt", async () => {
    fake.rateLimit("chat.postMessage", 1);
    const started = Date.now();

    await slack.chat.postMessage({ channel: "C0WARD5", text: "Patient" });

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.response["error"] ?? "ok")).toEqual(["ratelimited", "ok"]);
    expect(fake.messages("C0WARD5").map((m) => m.text)).toEqual(["Patient"]);
  });

  it("records a file uploaded with filesUploadV2, its bytes, name and comment", async () => {
    const bytes = Buffer.from("%PDF-1.7 plan");

    await slack.filesUploadV2({ channel_id: "C0WARD5", file: bytes, filename: "plan.pdf", initial_comment: "The plan" });

    expect(fake.files("C0WARD5")).toEqual([{ name: "plan.pdf", bytes, comment: "The plan" }]);
  });

  it("tells a person's locale only when asked to include it", async () => {
    const plain = await slack.users.info({ user: "U0AMINA" });
    const withLocale = await slack.users.info({ user: "U0AMINA", include_locale: true });

    expect(plain.user?.locale).toBeUndefined();
    expect(withLocale.user).toMatchObject({ id: "U0AMINA", locale: "my-MM", profile: { display_name: "Amina" } });
  });

  it("does not know a person nobody added", async () => {
    await expect(slack.users.info({ user: "U0NOBODY" })).rejects.toMatchObject({ data: { error: "user_not_found" } });
  });

  it("answers a wrong token with invalid_auth, and records the call", async () => {
    const stranger = new WebClient("xoxb-wrong", { slackApiUrl: fake.url, logLevel: LogLevel.ERROR });

    await expect(stranger.chat.postMessage({ channel: "C0WARD5", text: "hi" })).rejects.toMatchObject({ data: { error: "invalid_auth" } });
    expect(fake.calls).toMatchObject([{ method: "chat.postMessage", ok: false, response: { error: "invalid_auth" } }]);
    expect(fake.messages("C0WARD5")).toEqual([]);
  });

  it("refuses what a test tells it to, only where the test says, until forgiven", async () => {
    fake.refuse("chat.postMessage", "not_in_channel", (payload) => payload["channel"] === "C0LOCKED");

    await expect(slack.chat.postMessage({ channel: "C0LOCKED", text: "hi" })).rejects.toMatchObject({ data: { error: "not_in_channel" } });
    await slack.chat.postMessage({ channel: "C0WARD5", text: "hi" });
    fake.forgive();
    await slack.chat.postMessage({ channel: "C0LOCKED", text: "hi again" });

    expect(fake.messages("C0LOCKED").map((m) => m.text)).toEqual(["hi again"]);
  });

  it("answers a method it does not know with unknown_method, so a test notices the call", async () => {
    await expect(slack.apiCall("reactions.add", { channel: "C0WARD5", name: "thumbsup" })).rejects.toMatchObject({ data: { error: "unknown_method" } });
    expect(fake.calls.at(-1)).toMatchObject({ method: "reactions.add", ok: false });
  });

  it("opens a DM as D and the person's id", async () => {
    const opened = await slack.conversations.open({ users: "U0AMINA" });

    expect(opened.channel?.id).toBe("DU0AMINA");
  });

  it("records blocks as structured values, whichever encoding the client used", async () => {
    const blocks = [{ type: "divider" }];
    await slack.chat.postMessage({ channel: "C0WARD5", text: "form", blocks });
    await fetch(`${fake.url}chat.postMessage`, { method: "POST", headers: { authorization: `Bearer ${DEFAULT_TOKEN}`, "content-type": "application/json" }, body: JSON.stringify({ channel: "C0WARD5", text: "json", blocks }) });

    expect(fake.calls.map((c) => c.payload["blocks"])).toEqual([blocks, blocks]);
  });
});

describe("Socket Mode on the fake", () => {
  it("says hello to the client and hands back its ack for an envelope", async () => {
    const client = new SocketModeClient({ appToken: DEFAULT_APP_TOKEN, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: fake.url } });
    client.on("slash_commands", ({ ack }: { ack: (response: Record<string, unknown>) => Promise<void> }) => void ack({ text: "Got it" }));
    await client.start();

    const ack = await fake.socketSend({ type: "slash_commands", payload: { command: "/baraza", text: "help" } });

    expect(ack.payload).toEqual({ text: "Got it" });
    await client.disconnect();
  });
});

describe("signed requests", () => {
  const secret = "signing-secret";

  it("are accepted by Bolt's verifier", () => {
    const { headers, body } = signedRequest(secret, eventBody({ type: "app_mention", user: "U0AMINA", text: "hi" }));

    expect(isValidSlackRequest({ signingSecret: secret, body, headers: { "x-slack-signature": headers["x-slack-signature"] ?? "", "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]) } })).toBe(true);
  });

  it("are refused by Bolt's verifier when stale or forged", () => {
    const body = commandBody({ user_id: "U0AMINA", channel_id: "C0WARD5", text: "help" });
    const verify = (options: { timestamp?: number; signature?: string }) => {
      const { headers } = signedRequest(secret, body, options);
      return isValidSlackRequest({ signingSecret: secret, body, headers: { "x-slack-signature": headers["x-slack-signature"] ?? "", "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]) } });
    };

    expect(verify({ timestamp: Math.floor(Date.now() / 1000) - 600 })).toBe(false);
    expect(verify({ signature: "v0=forged" })).toBe(false);
  });

  it("build a command and an action as Slack's forms", () => {
    const command = new URLSearchParams(commandBody({ user_id: "U0AMINA", channel_id: "C0WARD5", text: "help" }));
    const action = new URLSearchParams(actionBody({ actions: [{ action_id: "vote", value: "yes" }] }));

    expect(Object.fromEntries(command)).toMatchObject({ command: "/baraza", text: "help", user_id: "U0AMINA", channel_id: "C0WARD5", team_id: "T0001" });
    expect(JSON.parse(action.get("payload") ?? "{}")).toMatchObject({ type: "block_actions", actions: [{ action_id: "vote" }] });
  });

  it("are posted with their signature and content type", async () => {
    const answer = await postSigned(`${fake.url}auth.test`, secret, `token=${DEFAULT_TOKEN}`, FORM_TYPE);

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ ok: true });
  });
});
