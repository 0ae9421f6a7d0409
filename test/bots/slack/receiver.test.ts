/**
 * Slack's requests over real HTTP to the process's server, through
 * SharedServerReceiver and the Bolt app, with the fake Web API behind: what
 * is signed right is handled (the person is answered), anything else is
 * refused before it causes anything; Slack is answered in time and its
 * retries change nothing.
 */
import { webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSlackApp, type SlackApp } from "../../../src/bots/slack/app.ts";
import { SharedServerReceiver, SLACK_PATH } from "../../../src/bots/slack/receiver.ts";
import type { Baraza } from "../../../src/flows/baraza.ts";
import { startHttpServer, type HttpServer } from "../../../src/server.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { APP_ID, BOT_ID, BOT_USER_ID, DEFAULT_TOKEN, FakeSlackApi, TEAM_ID } from "./fake-web-api.ts";
import { commandBody, eventBody, FORM_TYPE, JSON_TYPE, postSigned, signedRequest, urlVerificationBody } from "./signing.ts";
import { textOf } from "./setup.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const AMINA = { id: "UAMINA", name: "Amina", locale: "en-US" };

let harness: Harness;
let api: FakeSlackApi;
let http: HttpServer;
let receiver: SharedServerReceiver;
let slack: SlackApp;
let url: string;

/** The Baraza the app is handed; a test may slow it down or break it. */
function wrapped(baraza: Baraza, before: () => Promise<void>): Baraza {
  return new Proxy(baraza, {
    get(target, key, receiver) {
      if (key !== "respond") return Reflect.get(target, key, receiver) as unknown;
      return async (...args: Parameters<Baraza["respond"]>) => {
        await before();
        return target.respond(...args);
      };
    },
  });
}

let beforeRespond: () => Promise<void> = () => Promise.resolve();

beforeEach(async () => {
  harness = await startHarness();
  api = await FakeSlackApi.start();
  api.addUser(AMINA);
  http = await startHttpServer({ port: 0, host: "127.0.0.1", log: { error: (event, details) => harness.logged.push({ event, ...details }) } });
  receiver = new SharedServerReceiver({ server: http, signingSecret: SECRET, log: { error: (event, details) => harness.logged.push({ event, ...details }) } });
  const client = new webApi.WebClient(DEFAULT_TOKEN, { slackApiUrl: api.url, retryConfig: { retries: 0 } });
  beforeRespond = () => Promise.resolve();
  slack = createSlackApp({
    token: DEFAULT_TOKEN,
    identity: { botUserId: BOT_USER_ID, botId: BOT_ID, name: "baraza", appLink: `https://slack.com/app_redirect?app=${APP_ID}&team=${TEAM_ID}` },
    receiver,
    client,
    lookups: client,
    baraza: wrapped(harness.baraza, () => beforeRespond()),
    texts: harness.texts,
    defaultLocale: "en",
    paceMs: 0,
    log: { error: (event, details) => harness.logged.push({ event, ...details }) },
  });
  await slack.app.start();
  url = `http://127.0.0.1:${http.port}${SLACK_PATH}`;
});

afterEach(async () => {
  await slack.app.stop();
  await http.close();
  await api.close();
  await harness.close();
});

/** Amina's direct message to the bot, as the Events API delivers it. */
function dm(text: string, eventId?: string): string {
  return eventBody({ type: "message", channel: api.dmOf(AMINA.id), channel_type: "im", user: AMINA.id, text, ts: "1800000000.000100" }, eventId ? { eventId } : {});
}

/** Posts a signed body and waits for the work it started, which may outlast the answer. */
async function deliver(body: string, options: Parameters<typeof postSigned>[4] = {}): Promise<number> {
  const answer = await postSigned(url, SECRET, body, JSON_TYPE, options);
  await receiver.settled();
  return answer.status;
}

/** What Amina now sees in her DM with the bot. */
const seenByAmina = () => api.messages(api.dmOf(AMINA.id)).map((m) => textOf(m.blocks) || m.text);
const stored = async () => ({ people: await harness.db.person.count(), updates: await harness.db.processedUpdate.count() });
const now = () => Math.floor(Date.now() / 1000);
const posts = () => api.calls.filter((call) => call.method.startsWith("chat.")).length;

describe("a signed request", () => {
  it("is handled: a direct message is answered in the person's DM", async () => {
    expect(await deliver(dm("/help"))).toBe(200);

    expect(seenByAmina().join("\n")).toContain("/baraza step");
    expect((await stored()).updates).toBe(1);
  });

  it("is handled when it is a slash command, sent as a form", async () => {
    const answer = await postSigned(url, SECRET, commandBody({ user_id: AMINA.id, user_name: "amina", channel_id: api.dmOf(AMINA.id), text: "help" }), FORM_TYPE);
    await receiver.settled();

    expect(answer.status).toBe(200);
    expect(seenByAmina().join("\n")).toContain("/baraza step");
  });

  it("answers Slack's url_verification with its challenge", async () => {
    const answer = await postSigned(url, SECRET, urlVerificationBody("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"), JSON_TYPE);

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("answers Slack's ssl_check with 200, and does nothing else", async () => {
    const answer = await postSigned(url, SECRET, "token=verification-token&ssl_check=1", FORM_TYPE);

    expect(answer.status).toBe(200);
    expect(api.calls).toEqual([]);
  });

  it("is answered 400 when its body is neither JSON nor a form Slack sends", async () => {
    expect((await postSigned(url, SECRET, "{not json", JSON_TYPE)).status).toBe(400);
    expect((await postSigned(url, SECRET, "[1,2]", JSON_TYPE)).status).toBe(400);
    expect(await stored()).toEqual({ people: 0, updates: 0 });
  });
});

describe("a request not proved to be Slack's", () => {
  const refused: [string, () => Promise<{ status: number }>][] = [
    ["signed with another secret", () => postSigned(url, "someone-else's-secret", dm("/help"), JSON_TYPE)],
    [
      "without Slack's headers",
      () => fetch(url, { method: "POST", headers: { "content-type": JSON_TYPE }, body: dm("/help") }),
    ],
    ["with a signature but no timestamp", async () => {
      const signed = signedRequest(SECRET, dm("/help"));
      return fetch(url, { method: "POST", headers: { "content-type": JSON_TYPE, "x-slack-signature": signed.headers["x-slack-signature"] ?? "" }, body: signed.body });
    }],
    ["signed 301 seconds ago", () => postSigned(url, SECRET, dm("/help"), JSON_TYPE, { timestamp: now() - 301 })],
    ["dated more than five minutes ahead", () => postSigned(url, SECRET, dm("/help"), JSON_TYPE, { timestamp: now() + 301 })],
    ["with its body changed after signing", async () => {
      const signed = signedRequest(SECRET, dm("/help"));
      return fetch(url, { method: "POST", headers: { "content-type": JSON_TYPE, ...signed.headers }, body: signed.body.replace("/help", "/mydata") });
    }],
    ["with a signature of another version", async () => {
      const signed = signedRequest(SECRET, dm("/help"));
      return fetch(url, { method: "POST", headers: { "content-type": JSON_TYPE, ...signed.headers, "x-slack-signature": (signed.headers["x-slack-signature"] ?? "").replace("v0=", "v1=") }, body: signed.body });
    }],
  ];

  for (const [how, send] of refused) {
    it(`is refused with 401 when ${how}, and nothing is stored or sent`, async () => {
      const answer = await send();

      expect(answer.status).toBe(401);
      expect(await stored()).toEqual({ people: 0, updates: 0 });
      expect(api.calls).toEqual([]);
    });
  }

  it("is still refused when forged, while the same message signed right is answered", async () => {
    expect((await postSigned(url, "wrong", dm("/help"), JSON_TYPE)).status).toBe(401);
    expect(await deliver(dm("/help"), { timestamp: now() - 299 })).toBe(200);
    expect(seenByAmina().join("\n")).toContain("/baraza step");
  });
});

describe("Slack's retries", () => {
  it("change nothing when an event is sent again with X-Slack-Retry-Num: one reply, one record", async () => {
    const body = dm("/help", "Ev0RETRY01");
    expect(await deliver(body)).toBe(200);
    const replies = seenByAmina();
    const calls = posts();

    for (const retry of [1, 2]) {
      const signed = signedRequest(SECRET, body);
      const again = await fetch(url, { method: "POST", headers: { "content-type": JSON_TYPE, ...signed.headers, "x-slack-retry-num": String(retry), "x-slack-retry-reason": "http_timeout" }, body });
      expect(again.status).toBe(200);
      await receiver.settled();
    }

    expect(seenByAmina()).toEqual(replies);
    expect(posts()).toBe(calls);
    expect(await stored()).toEqual({ people: 1, updates: 1 });
  });
});

describe("when Slack is answered", () => {
  // Slack is answered at ACK_WITHIN_MS (2 s) here, as in production: a test that answers sooner would not show the real limit holds.
  it("answers 200 at ackWithinMs while slow work goes on, and the work still completes", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    beforeRespond = () => released;

    const answer = await postSigned(url, SECRET, dm("/help"), JSON_TYPE);

    expect(answer.status).toBe(200);
    expect(seenByAmina()).toEqual([]);
    release();
    await receiver.settled();
    expect(seenByAmina().join("\n")).toContain("/baraza step");
  });

  it("answers 500 when the work fails before Slack was answered, so Slack sends the event again, which is then handled", async () => {
    beforeRespond = () => Promise.reject(new Error("the store is down"));
    const body = dm("/help", "Ev0FAILED1");

    expect((await postSigned(url, SECRET, body, JSON_TYPE)).status).toBe(500);
    expect(seenByAmina()).toEqual([]);
    expect(harness.logged).toContainEqual(expect.objectContaining({ event: "slack-request-failed" }));
    expect(JSON.stringify(harness.logged)).not.toContain("/help");

    beforeRespond = () => Promise.resolve();
    const signed = signedRequest(SECRET, body);
    const retried = await fetch(url, { method: "POST", headers: { "content-type": JSON_TYPE, ...signed.headers, "x-slack-retry-num": "1", "x-slack-retry-reason": "http_error" }, body });
    expect(retried.status).toBe(200);
    await receiver.settled();
    expect(seenByAmina().join("\n")).toContain("/baraza step");
  });

  it("lets the work answered early finish when the receiver stops", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    beforeRespond = () => released;
    expect((await postSigned(url, SECRET, dm("/help"), JSON_TYPE)).status).toBe(200);

    let stopped = false;
    const stopping = receiver.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    expect((await postSigned(url, SECRET, dm("/help"), JSON_TYPE)).status).toBe(404);
    release();
    await stopping;

    expect(seenByAmina().join("\n")).toContain("/baraza step");
  });
});
