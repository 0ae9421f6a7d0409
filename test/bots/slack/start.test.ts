/**
 * Starting Baraza on Slack against the fake Web API (SLACK_API_URL): over
 * HTTP on the process's server, or over Socket Mode (SLACK_APP_TOKEN); a
 * token Slack refuses is named, Slack out of reach is waited for and said,
 * and a rate limit is waited out.
 */
import { createServer, type Server } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SLACK_PATH } from "../../../src/bots/slack/receiver.ts";
import { SlackStartStopped, SlackTokenRefused, startSlack, type SlackChannel, type SlackSettings } from "../../../src/bots/slack/start.ts";
import { listenOnLoopback } from "../../../src/reliability/loopback-api.ts";
import { startHttpServer, type HttpServer } from "../../../src/server.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { DEFAULT_APP_TOKEN, DEFAULT_TOKEN, FakeSlackApi } from "./fake-web-api.ts";
import { eventBody, JSON_TYPE, postSigned } from "./signing.ts";
import { textOf } from "./setup.ts";

const SECRET = "a-signing-secret-for-tests";
const AMINA = { id: "UAMINA", name: "Amina", locale: "en-US" };

let harness: Harness;
let api: FakeSlackApi;
let http: HttpServer;
let channel: SlackChannel | undefined;
let said: string[];
let stop: AbortController;

beforeEach(async () => {
  harness = await startHarness();
  api = await FakeSlackApi.start();
  api.addUser(AMINA);
  http = await startHttpServer({ port: 0, host: "127.0.0.1", log: { error: (event, details) => harness.logged.push({ event, ...details }) } });
  channel = undefined;
  said = [];
  stop = new AbortController();
});

afterEach(async () => {
  await channel?.stop();
  await http.close();
  await api.close();
  await harness.close();
});

function start(settings: Partial<SlackSettings> = {}): Promise<SlackChannel> {
  return startSlack(
    { token: DEFAULT_TOKEN, signingSecret: SECRET, server: http, apiUrl: api.url, defaultLocale: "en", ...settings },
    harness.baraza,
    harness.texts,
    { error: (event, details) => harness.logged.push({ event, ...details }) },
    stop.signal,
    (line) => said.push(line),
  );
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (up to ten seconds) until `check` holds; work may go on after Slack was answered. */
async function eventually(check: () => boolean): Promise<void> {
  for (let tries = 0; tries < 200 && !check(); tries++) await pause(50);
}

const dm = (text: string) => eventBody({ type: "message", channel: api.dmOf(AMINA.id), channel_type: "im", user: AMINA.id, text, ts: "1800000000.000100" });
const seenByAmina = () => api.messages(api.dmOf(AMINA.id)).map((m) => textOf(m.blocks) || m.text);
const answered = () => seenByAmina().join("\n").includes("/baraza step");

describe("startSlack over HTTP", () => {
  it("asks the Web API at SLACK_API_URL who it is, and answers a signed DM on /slack/events", async () => {
    channel = await start();

    expect(channel.mode).toBe("http");
    expect(channel.botName).toBe("baraza");
    expect(said).toEqual([`Reaching Slack at ${api.url}…`]);
    expect(api.calls.map((call) => call.method)).toEqual(["auth.test", "bots.info"]);
    const answer = await postSigned(`http://127.0.0.1:${http.port}${SLACK_PATH}`, SECRET, dm("/help"), JSON_TYPE);
    expect(answer.status).toBe(200);
    await eventually(answered);
    expect(seenByAmina().join("\n")).toContain("/baraza step");
  });

  it("stops serving /slack/events when stopped", async () => {
    channel = await start();
    await channel.stop();
    channel = undefined;

    expect((await postSigned(`http://127.0.0.1:${http.port}${SLACK_PATH}`, SECRET, dm("/help"), JSON_TYPE)).status).toBe(404);
    expect(seenByAmina()).toEqual([]);
  });

  it("waits out a 429 with Retry-After, and the reply still arrives", async () => {
    channel = await start();
    api.rateLimit("chat.postMessage", 1);

    await postSigned(`http://127.0.0.1:${http.port}${SLACK_PATH}`, SECRET, dm("/help"), JSON_TYPE);
    await eventually(answered);

    expect(seenByAmina().join("\n")).toContain("/baraza step");
    const posts = api.calls.filter((call) => call.method === "chat.postMessage");
    expect(posts[0]?.response).toEqual({ ok: false, error: "ratelimited" });
    expect(posts.slice(1).every((call) => call.ok)).toBe(true);
  });

  it("names SLACK_BOT_TOKEN when Slack refuses it at auth.test, and starts nothing", async () => {
    const refusal = start({ token: "xoxb-revoked" }).catch((error: unknown) => error);

    const error = await refusal;
    expect(error).toBeInstanceOf(SlackTokenRefused);
    expect(String(error)).toMatch(/^SlackTokenRefused: SLACK_BOT_TOKEN: Slack does not accept this token \(invalid_auth\)/);
    expect(String(error)).not.toContain("xoxb-revoked");
    expect((await postSigned(`http://127.0.0.1:${http.port}${SLACK_PATH}`, SECRET, dm("/help"), JSON_TYPE)).status).toBe(404);
  });
});

describe("startSlack over Socket Mode", () => {
  it("opens the link with SLACK_APP_TOKEN, answers a DM delivered over it, and opens no route", async () => {
    channel = await start({ appToken: DEFAULT_APP_TOKEN, signingSecret: undefined, server: undefined });

    expect(channel.mode).toBe("socket");
    expect(api.calls.map((call) => call.method)).toContain("apps.connections.open");
    const ack = await api.socketSend({ type: "events_api", payload: JSON.parse(dm("/help")) as Record<string, unknown> });
    expect(ack.envelope_id).toMatch(/^envelope-/);
    await eventually(answered);
    expect(seenByAmina().join("\n")).toContain("/baraza step");
    expect((await postSigned(`http://127.0.0.1:${http.port}${SLACK_PATH}`, SECRET, dm("/help"), JSON_TYPE)).status).toBe(404);
  });

  it("tries the link again while Slack fails to open it, says so, and answers over it once opened", async () => {
    api.refuse("apps.connections.open", "internal_error");
    const starting = start({ appToken: DEFAULT_APP_TOKEN, signingSecret: undefined, server: undefined });
    await eventually(() => said.length >= 2);

    expect(said[1]).toBe(`Could not open Socket Mode's link at ${api.url} (internal_error); trying again with growing pauses. Stop with Ctrl+C.`);
    api.forgive();
    channel = await starting;
    expect(channel.mode).toBe("socket");
    await api.socketSend({ type: "events_api", payload: JSON.parse(dm("/help")) as Record<string, unknown> });
    await eventually(answered);
    expect(seenByAmina().join("\n")).toContain("/baraza step");
  });

  it("gives up when stopped while the link cannot be opened", async () => {
    api.refuse("apps.connections.open", "internal_error");
    const starting = start({ appToken: DEFAULT_APP_TOKEN, signingSecret: undefined, server: undefined }).catch((error: unknown) => error);
    await eventually(() => said.length >= 2);
    stop.abort("SIGINT");

    const error = await starting;
    expect(error).toBeInstanceOf(SlackStartStopped);
    expect(String(error)).toContain("waiting for Slack to answer apps.connections.open");
  });

  it("names SLACK_APP_TOKEN when Slack refuses it, and leaves nothing running", async () => {
    const error = await start({ appToken: "xapp-revoked", signingSecret: undefined, server: undefined }).catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(SlackTokenRefused);
    expect(String(error)).toMatch(/SLACK_APP_TOKEN: Slack does not accept this token \(invalid_auth\)/);
    expect(String(error)).not.toContain("xapp-revoked");
    const opened = api.calls.filter((call) => call.method === "apps.connections.open").length;
    await pause(1500);
    expect(api.calls.filter((call) => call.method === "apps.connections.open")).toHaveLength(opened);
  });
});

/**
 * Slack's address as the bot sees it: while out of reach every connection
 * is dropped unanswered; once reachable, calls are passed to the fake.
 */
async function flakyAddress(target: FakeSlackApi): Promise<{ url: string; reachable: boolean; close(): Promise<void> }> {
  const state = { reachable: false };
  const server: Server = createServer((request, response) => {
    if (!state.reachable) {
      request.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = Object.fromEntries(Object.entries(request.headers).flatMap(([key, value]) => (typeof value === "string" && key !== "host" && key !== "content-length" ? [[key, value]] : [])));
      void fetch(new URL(request.url ?? "/", target.url), { method: request.method ?? "POST", headers, body: Buffer.concat(chunks) }).then(async (answer) => {
        response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()));
      });
    });
  });
  const origin = await listenOnLoopback(server);
  return Object.assign(state, {
    url: `${origin}/api/`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

describe("startSlack with Slack out of reach", () => {
  it("tries again, says so, and starts once Slack answers", async () => {
    const address = await flakyAddress(api);
    try {
      const starting = start({ apiUrl: address.url });
      await eventually(() => said.length >= 2);

      expect(said[0]).toBe(`Reaching Slack at ${address.url}…`);
      expect(said[1]).toMatch(/^Could not reach Slack at http:\/\/127\.0\.0\.1:\d+\/api\/ \(.+\); trying again with growing pauses\. Stop with Ctrl\+C\.$/);
      expect(said.join("\n")).not.toContain(DEFAULT_TOKEN);
      address.reachable = true;
      channel = await starting;
      expect(channel.mode).toBe("http");
      expect(api.calls.map((call) => call.method)).toContain("auth.test");
    } finally {
      await address.close();
    }
  });

  it("gives up when stopped while waiting, and leaves nothing running", async () => {
    const address = await flakyAddress(api);
    try {
      const starting = start({ apiUrl: address.url }).catch((error: unknown) => error);
      await eventually(() => said.length >= 2);
      stop.abort("SIGTERM");

      const error = await starting;
      expect(error).toBeInstanceOf(SlackStartStopped);
      expect(String(error)).toContain("waiting for Slack to answer auth.test");
      expect((await postSigned(`http://127.0.0.1:${http.port}${SLACK_PATH}`, SECRET, dm("/help"), JSON_TYPE)).status).toBe(404);
    } finally {
      await address.close();
    }
  });
});
