/**
 * Several platforms in one process, in-process: Telegram against the fake
 * Bot API, beside a stand-in for a second platform, Slack against its fake
 * Web API and WhatsApp on its fake client, on one HTTP server, with one
 * sweep.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Config } from "../src/config.ts";
import { readConfig } from "../src/config.ts";
import type { Channel } from "../src/flows/channel.ts";
import type { Outbound } from "../src/flows/messages.ts";
import { PLATFORMS, SettingRefused, startPlatforms, StartStopped, whatsAppPlatform, type Platform, type PlatformsStart } from "../src/platforms.ts";
import { LOCK_FILE } from "../src/bots/whatsapp/lock.ts";
import { linkingClients } from "./bots/whatsapp/start-fake.ts";
import { FakeWhatsAppClient, GROUP as WHATSAPP_GROUP } from "./bots/whatsapp/fake-client.ts";
import type { WhatsAppClient } from "../src/bots/whatsapp/client.ts";
import { startHarness, type Harness } from "./support/harness.ts";
import { startFakeBotApi, TOKEN, type FakeBotApi } from "./bots/telegram/fake-bot-api.ts";
import { DEFAULT_APP_TOKEN, DEFAULT_TOKEN as SLACK_TOKEN, FakeSlackApi } from "./bots/slack/fake-web-api.ts";
import { eventBody, JSON_TYPE, postSigned } from "./bots/slack/signing.ts";
import { textOf } from "./bots/slack/setup.ts";

const SECRET = "a-long-secret-token_42";

let harness: Harness;
let api: FakeBotApi;
let said: string[];
let complaints: string[];
let started: PlatformsStart | undefined;
beforeEach(async () => {
  harness = await startHarness();
  api = await startFakeBotApi();
  said = [];
  complaints = [];
  started = undefined;
});
afterEach(async () => {
  if (started?.kind === "running") await started.stop();
  await api.close();
  await harness.close();
});

function config(env: Record<string, string> = {}): Config {
  const read = readConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot, ...env });
  if (read.kind === "rejected") throw new Error(read.problems.join("; "));
  return read.config;
}

const telegram = PLATFORMS.find((platform) => platform.name === "Telegram");
if (!telegram) throw new Error("no Telegram platform");
const slack = PLATFORMS.find((platform) => platform.name === "Slack");
if (!slack) throw new Error("no Slack platform");

/** A second platform, as Slack will be: its own channel, and a webhook route when given a path. */
interface Stand {
  platform: Platform;
  /** What the sweep sent through its channel. */
  sent: Outbound[];
  stopped: boolean;
}

function standIn(behaviour: { path?: string; refuseAfterMs?: number; waitForStop?: boolean } = {}): Stand {
  const stand: Omit<Stand, "platform"> = { sent: [], stopped: false };
  const channel: Channel = {
    platform: "stand-in",
    capabilities: { textLimit: 1000, buttons: "none", edits: false, toOnePerson: "none", files: false, threads: false, forms: false, commandPrefix: "/" },
    start: async () => undefined,
    async stop() {
      stand.stopped = true;
    },
    async send(message) {
      stand.sent.push(message);
      return { platform: "stand-in", chatId: "c", messageId: String(stand.sent.length) };
    },
  };
  const platform: Platform = {
    name: "Stand-in",
    configured: () => true,
    takesWebhooks: () => behaviour.path !== undefined,
    async start({ http }, signal) {
      if (behaviour.refuseAfterMs !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, behaviour.refuseAfterMs));
        throw new SettingRefused("STAND_IN_TOKEN: not accepted; copy it again");
      }
      if (behaviour.waitForStop) {
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
        throw new StartStopped("waiting for its service to answer");
      }
      if (behaviour.path && http) {
        const served = http.route({ path: behaviour.path, maxBodyBytes: 1024, handle: async ({ body }) => ({ status: 200, body: `stand-in got ${body.toString("utf8")}` }) });
        channel.stop = async () => {
          await served.remove();
          stand.stopped = true;
        };
      }
      return { channel, how: "for the test" };
    },
  };
  return Object.assign(stand, { platform });
}

function start(platforms: readonly Platform[], env: Record<string, string> = {}, stop: AbortSignal = new AbortController().signal) {
  return startPlatforms({
    config: config(env),
    platforms,
    baraza: harness.baraza,
    texts: harness.texts,
    log: { error: (event, details) => harness.logged.push({ event, ...details }) },
    say: (line) => said.push(line),
    complain: (line) => complaints.push(line),
    stop,
    sweepIntervalMs: 60_000,
    host: "127.0.0.1",
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const getUpdates = () => api.calls.filter((call) => call.method === "getUpdates").length;

/**
 * Checks that Telegram is no longer polled. A request the runner sent as it
 * stopped (it fetches again when a poll returns, and aborts that fetch) may
 * reach the fake a moment after the stop resolved; polling going on would
 * not stop there: the fake answers a poll every 100 ms.
 */
async function pollingEnded(): Promise<void> {
  await pause(50);
  const polled = getUpdates();
  await pause(300);
  expect(getUpdates()).toBe(polled);
}

describe("running the configured platforms", () => {
  it("runs Telegram by long polling with no port opened when PORT is unset, and stops polling when stopped", async () => {
    started = await start([telegram]);
    expect(started.kind).toBe("running");
    if (started.kind !== "running") return;
    expect(started.http).toBeUndefined();
    expect(said).toContain("Baraza is running on Telegram as @BarazaBot (long polling); stop it with Ctrl+C.");
    for (let tries = 0; tries < 100 && getUpdates() === 0; tries++) await pause(50);
    expect(api.calls.map((call) => call.method)).toEqual(expect.arrayContaining(["getMe", "setMyCommands", "deleteWebhook", "getUpdates"]));
    await started.stop();
    started = undefined;
    await pollingEnded();
  });

  it("opens /healthz on PORT when it is set, even when every platform polls", async () => {
    const port = String(30000 + Math.floor(Math.random() * 20000));
    started = await start([telegram], { PORT: port });
    expect(started.kind).toBe("running");
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/telegram`, { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("starts no platform on a port already taken, and names the setting to change", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const address = taken.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      started = await start([telegram], { PORT: String(port) });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    expect(started.kind).toBe("failed");
    expect(complaints).toEqual([`Baraza cannot start: it cannot listen on port ${port} (EADDRINUSE); set PORT to a free port.`]);
    expect(api.calls).toEqual([]);
  });

  it("serves Telegram's webhook and a second platform's route on one port, beside /healthz", async () => {
    const second = standIn({ path: "/slack/events" });
    const port = String(30000 + Math.floor(Math.random() * 20000));
    started = await start([telegram, second.platform], { PORT: port, TELEGRAM_WEBHOOK_URL: "https://baraza.example.org/telegram", TELEGRAM_WEBHOOK_SECRET: SECRET });
    expect(started.kind).toBe("running");
    expect(said).toContain(`Listening on port ${port} for webhooks and /healthz.`);
    expect(said).toContain("Baraza is running on Telegram as @BarazaBot (webhook); stop it with Ctrl+C.");
    expect(said).toContain("Baraza is running on Stand-in for the test; stop it with Ctrl+C.");
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const update = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 501, type: "private", first_name: "Amina" }, from: { id: 501, is_bot: false, first_name: "Amina" }, text: "/help" } };
    expect((await fetch(`${base}/telegram`, { method: "POST", body: JSON.stringify(update) })).status).toBe(401);
    const handled = await fetch(`${base}/telegram`, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body: JSON.stringify(update) });
    expect(handled.status).toBe(200);
    expect(api.textsTo(501).join("\n")).toContain("/step — where the group is");
    expect(await (await fetch(`${base}/slack/events`, { method: "POST", body: "event" })).text()).toBe("stand-in got event");
    expect((await fetch(`${base}/whatsapp`, { method: "POST", body: "x" })).status).toBe(404);
    if (started.kind === "running") await started.stop();
    started = undefined;
    expect(second.stopped).toBe(true);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it("sends each scheduled message through the channel of its platform, with one sweep", async () => {
    const second = standIn();
    const due: Outbound[] = [
      { to: { kind: "chat", platform: "telegram", chatId: "-100200300" }, text: "Voting closes tomorrow." },
      { to: { kind: "chat", platform: "stand-in", chatId: "c" }, text: "Voting closes tomorrow." },
    ];
    harness.baraza.deliverDue = async (send) => {
      for (const message of due.splice(0)) await send(message);
      return 2;
    };
    started = await start([telegram, second.platform]);
    expect(started.kind).toBe("running");
    for (let tries = 0; tries < 50 && second.sent.length === 0; tries++) await pause(20);
    expect(api.textsTo(-100200300)).toEqual(["Voting closes tomorrow."]);
    expect(second.sent.map((message) => message.text)).toEqual(["Voting closes tomorrow."]);
  });

  it("stops Telegram, and says so, when another platform refuses its setting", async () => {
    const second = standIn({ refuseAfterMs: 500 });
    started = await start([telegram, second.platform]);
    expect(started.kind).toBe("failed");
    expect(complaints[0]).toBe("Baraza cannot start on Stand-in; fix this setting (environment or .env):\n  STAND_IN_TOKEN: not accepted; copy it again");
    expect(complaints[1]).toBe("Baraza stopped on Telegram too: it runs on every platform configured or on none.");
    await pollingEnded();
  });

  it("names the setting when Telegram refuses its token, and starts nothing else", async () => {
    api.refuse("getMe", 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const second = standIn({ waitForStop: true });
    started = await start([telegram, second.platform]);
    expect(started.kind).toBe("failed");
    expect(complaints[0]).toContain("Baraza cannot start on Telegram; fix this setting (environment or .env):\n  TELEGRAM_BOT_TOKEN: Telegram does not accept this token");
    expect(complaints).toHaveLength(2);
  });

  it("gives up starting when stopped, saying what each platform still waited for, and leaves nothing running", async () => {
    const second = standIn({ waitForStop: true });
    const stop = new AbortController();
    const starting = start([telegram, second.platform], {}, stop.signal);
    await pause(500);
    stop.abort("SIGTERM");
    started = await starting;
    expect(started.kind).toBe("stopped");
    expect(complaints).toEqual(["Baraza stopped on SIGTERM while starting on Stand-in, waiting for its service to answer."]);
    await pollingEnded();
  });
});

describe("Slack beside Telegram", () => {
  const SIGNING = "slack-signing-secret-for-tests";
  let slackApi: FakeSlackApi;
  beforeEach(async () => {
    slackApi = await FakeSlackApi.start();
    slackApi.addUser({ id: "UAMINA", name: "Amina", locale: "en-US" });
  });
  afterEach(() => slackApi.close());

  const slackEnv = (env: Record<string, string> = {}) => ({ SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_API_URL: slackApi.url, ...env });
  const dm = (text: string) => eventBody({ type: "message", channel: slackApi.dmOf("UAMINA"), channel_type: "im", user: "UAMINA", text, ts: "1800000000.000100" });
  const seenByAmina = () => slackApi.messages(slackApi.dmOf("UAMINA")).map((m) => textOf(m.blocks) || m.text).join("\n");

  it("takes calls on the server over HTTP, and none in Socket Mode", () => {
    expect(slack.takesWebhooks(config(slackEnv({ SLACK_SIGNING_SECRET: SIGNING })))).toBe(true);
    expect(slack.takesWebhooks(config(slackEnv({ SLACK_APP_TOKEN: DEFAULT_APP_TOKEN })))).toBe(false);
    expect(slack.configured(config())).toBe(false);
  });

  it("serves Telegram's webhook, Slack's /slack/events and /healthz on one port, each answering its own people", async () => {
    const port = String(30000 + Math.floor(Math.random() * 20000));
    started = await start([telegram, slack], slackEnv({ PORT: port, TELEGRAM_WEBHOOK_URL: "https://baraza.example.org/telegram", TELEGRAM_WEBHOOK_SECRET: SECRET, SLACK_SIGNING_SECRET: SIGNING }));
    expect(started.kind).toBe("running");
    expect(said).toContain("Baraza is running on Slack as @baraza (HTTP at /slack/events); stop it with Ctrl+C.");
    expect(said).toContain("Baraza is running on Telegram as @BarazaBot (webhook); stop it with Ctrl+C.");
    const base = `http://127.0.0.1:${port}`;

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const update = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 501, type: "private", first_name: "Thida" }, from: { id: 501, is_bot: false, first_name: "Thida" }, text: "/help" } };
    expect((await fetch(`${base}/telegram`, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body: JSON.stringify(update) })).status).toBe(200);
    expect(api.textsTo(501).join("\n")).toContain("/step — where the group is");
    expect((await postSigned(`${base}/slack/events`, "not-the-secret", dm("/help"), JSON_TYPE)).status).toBe(401);
    expect((await postSigned(`${base}/slack/events`, SIGNING, dm("/help"), JSON_TYPE)).status).toBe(200);
    for (let tries = 0; tries < 200 && !seenByAmina().includes("/baraza step"); tries++) await pause(50);
    expect(seenByAmina()).toContain("/baraza step");
    expect(seenByAmina()).not.toContain("/step — where");

    if (started.kind === "running") await started.stop();
    started = undefined;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it("runs Slack in Socket Mode beside Telegram's long polling with no port opened", async () => {
    started = await start([telegram, slack], slackEnv({ SLACK_APP_TOKEN: DEFAULT_APP_TOKEN }));
    expect(started.kind).toBe("running");
    if (started.kind !== "running") return;
    expect(started.http).toBeUndefined();
    expect(said).toContain("Baraza is running on Slack as @baraza (Socket Mode); stop it with Ctrl+C.");
    await slackApi.socketSend({ type: "events_api", payload: JSON.parse(dm("/help")) as Record<string, unknown> });
    for (let tries = 0; tries < 200 && !seenByAmina().includes("/baraza step"); tries++) await pause(50);
    expect(seenByAmina()).toContain("/baraza step");
  });

  it("names SLACK_BOT_TOKEN when Slack refuses it, and stops Telegram too", async () => {
    started = await start([telegram, slack], slackEnv({ SLACK_BOT_TOKEN: "xoxb-revoked-token", SLACK_SIGNING_SECRET: SIGNING, PORT: String(30000 + Math.floor(Math.random() * 20000)) }));
    expect(started.kind).toBe("failed");
    expect(complaints[0]).toMatch(/^Baraza cannot start on Slack; fix this setting \(environment or \.env\):\n {2}SLACK_BOT_TOKEN: Slack does not accept this token \(invalid_auth\)/);
    expect(complaints[1]).toBe("Baraza stopped on Telegram too: it runs on every platform configured or on none.");
    expect(complaints.join("\n")).not.toContain("xoxb-revoked-token");
  });

  it("names SLACK_APP_TOKEN when Slack refuses the app-level token", async () => {
    started = await start([slack], slackEnv({ SLACK_APP_TOKEN: "xapp-revoked-token" }));
    expect(started.kind).toBe("failed");
    expect(complaints[0]).toMatch(/^Baraza cannot start on Slack; fix this setting \(environment or \.env\):\n {2}SLACK_APP_TOKEN: Slack does not accept this token \(invalid_auth\)/);
    expect(complaints.join("\n")).not.toContain("xapp-revoked-token");
  });
});

describe("WhatsApp beside Telegram", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "baraza-wa-platforms-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Any program this account may run stands for Chromium: the fake client launches none.
  const whatsAppEnv = (env: Record<string, string> = {}) => ({ WHATSAPP_ENABLED: "true", WHATSAPP_SESSION_DIR: join(dir, "whatsapp"), CHROMIUM_PATH: process.execPath, ...env });

  it("is started only when WHATSAPP_ENABLED is true, and takes no calls on the server", () => {
    const whatsapp = PLATFORMS.find((platform) => platform.name === "WhatsApp");
    expect(whatsapp?.configured(config())).toBe(false);
    expect(whatsapp?.configured(config(whatsAppEnv()))).toBe(true);
    expect(whatsapp?.takesWebhooks(config(whatsAppEnv()))).toBe(false);
  });

  it("runs beside Telegram in one process, showing the QR code to link, and closes its browser and lets go of the session on stop", async () => {
    const clients = linkingClients();
    started = await start([telegram, whatsAppPlatform(clients)], whatsAppEnv());
    expect(started.kind).toBe("running");
    expect(said).toContain("Baraza is running on Telegram as @BarazaBot (long polling); stop it with Ctrl+C.");
    expect(said).toContain(`Baraza is running on WhatsApp (session in ${join(dir, "whatsapp")}); stop it with Ctrl+C.`);
    const client = clients.made[0];
    client?.emit("qr", "2@Xb7Jp1wq,kPq9nR0fS3Q=,VZ8u4bGg1w=,AAAAAAA=,1");
    expect(said.at(-1)).toContain("Linked devices → Link a device, and scan this code.");
    expect(complaints).toEqual([]);
    if (started.kind === "running") await started.stop();
    started = undefined;
    expect(client?.destroyed).toBe(1);
    expect(existsSync(join(dir, "whatsapp", LOCK_FILE))).toBe(false);
  });

  it("leaves Telegram running when another process holds the WhatsApp session, saying so", async () => {
    mkdirSync(join(dir, "whatsapp"));
    const other = spawn("sleep", ["30"]);
    try {
      await new Promise((resolve) => other.once("spawn", resolve));
      writeFileSync(join(dir, "whatsapp", LOCK_FILE), String(other.pid));
      const clients = linkingClients();
      started = await start([telegram, whatsAppPlatform(clients)], whatsAppEnv());
      expect(started.kind).toBe("running");
      expect(complaints).toEqual([`WhatsApp is linked in another process (pid ${other.pid}); running without WhatsApp. Only one process may use the linked number at a time: stop that one to run WhatsApp here.`]);
      expect(clients.made).toEqual([]);
      expect(said).toContain("Baraza is running on Telegram as @BarazaBot (long polling); stop it with Ctrl+C.");
      expect(said.join("\n")).not.toContain("running on WhatsApp");
      for (let tries = 0; tries < 100 && getUpdates() === 0; tries++) await pause(50);
      expect(getUpdates()).toBeGreaterThan(0);
    } finally {
      other.kill("SIGKILL");
      await new Promise((resolve) => other.once("exit", resolve));
    }
  });

  it("leaves Telegram running without Chromium, saying what to install", async () => {
    started = await start([telegram, whatsAppPlatform(linkingClients())], whatsAppEnv({ CHROMIUM_PATH: join(dir, "no-chromium") }));
    expect(started.kind).toBe("running");
    expect(complaints).toEqual([expect.stringContaining("Install it with `apt-get install -y chromium` (Debian, Ubuntu), or set CHROMIUM_PATH")]);
  });

  it("starts nothing when WhatsApp alone was configured and is left out", async () => {
    started = await start([whatsAppPlatform(linkingClients())], whatsAppEnv({ CHROMIUM_PATH: join(dir, "no-chromium") }));
    expect(started.kind).toBe("failed");
    expect(complaints).toEqual([expect.stringContaining("WhatsApp cannot start: no Chromium"), "Baraza cannot start: no platform is left to run on."]);
  });

  it("stops WhatsApp too, and says so, when Telegram refuses its token", async () => {
    api.refuse("getMe", 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const clients = linkingClients();
    started = await start([telegram, whatsAppPlatform(clients)], whatsAppEnv());
    expect(started.kind).toBe("failed");
    expect(complaints[1]).toBe("Baraza stopped on WhatsApp too: it runs on every platform configured or on none.");
    expect(clients.made.map((client) => client.destroyed)).toEqual([1]);
    expect(existsSync(join(dir, "whatsapp", LOCK_FILE))).toBe(false);
  });
});

/** The adapter's fake WhatsApp client, with the calls of start-up (initialize, destroy) that the linking fake has: WhatsApp Web opened at once, already linked. */
class RunningWhatsAppClient extends FakeWhatsAppClient {
  destroyed = 0;
  initialize(): Promise<void> {
    return Promise.resolve();
  }
  destroy(): Promise<void> {
    this.destroyed += 1;
    return Promise.resolve();
  }
  logout(): Promise<void> {
    return Promise.resolve();
  }
  requestPairingCode(): Promise<string> {
    return Promise.resolve("K7QW2M9X");
  }
}

describe("Telegram, Slack and WhatsApp in one process", () => {
  const SIGNING = "slack-signing-secret-for-tests";
  let slackApi: FakeSlackApi;
  let dir: string;
  let whatsapp: RunningWhatsAppClient;
  beforeEach(async () => {
    slackApi = await FakeSlackApi.start();
    slackApi.addUser({ id: "UAMINA", name: "Amina", locale: "en-US" });
    dir = mkdtempSync(join(tmpdir(), "baraza-three-"));
    whatsapp = new RunningWhatsAppClient();
  });
  afterEach(async () => {
    await slackApi.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (more: Record<string, string> = {}) => ({
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_API_URL: slackApi.url,
    WHATSAPP_ENABLED: "true",
    WHATSAPP_SESSION_DIR: join(dir, "whatsapp"),
    CHROMIUM_PATH: process.execPath,
    WHATSAPP_MIN_GAP_MS: "1000",
    ...more,
  });
  const onWhatsApp = () => whatsAppPlatform(() => whatsapp as unknown as WhatsAppClient);
  const seenByAmina = () => slackApi.messages(slackApi.dmOf("UAMINA")).map((m) => textOf(m.blocks) || m.text).join("\n");

  it("answers each person on their own platform, in that platform's words", async () => {
    const port = String(30000 + Math.floor(Math.random() * 20000));
    started = await start([telegram, slack, onWhatsApp()], env({ PORT: port, TELEGRAM_WEBHOOK_URL: "https://baraza.example.org/telegram", TELEGRAM_WEBHOOK_SECRET: SECRET, SLACK_SIGNING_SECRET: SIGNING }));
    expect(started.kind).toBe("running");
    expect(complaints).toEqual([]);
    expect(said).toEqual(expect.arrayContaining([
      "Baraza is running on Telegram as @BarazaBot (webhook); stop it with Ctrl+C.",
      "Baraza is running on Slack as @baraza (HTTP at /slack/events); stop it with Ctrl+C.",
      `Baraza is running on WhatsApp (session in ${join(dir, "whatsapp")}); stop it with Ctrl+C.`,
    ]));
    const base = `http://127.0.0.1:${port}`;

    const update = { update_id: 1, message: { message_id: 1, date: 0, chat: { id: 501, type: "private", first_name: "Thida" }, from: { id: 501, is_bot: false, first_name: "Thida" }, text: "/help" } };
    expect((await fetch(`${base}/telegram`, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body: JSON.stringify(update) })).status).toBe(200);
    const slackDm = eventBody({ type: "message", channel: slackApi.dmOf("UAMINA"), channel_type: "im", user: "UAMINA", text: "/help", ts: "1800000000.000100" });
    expect((await postSigned(`${base}/slack/events`, SIGNING, slackDm, JSON_TYPE)).status).toBe(200);
    const khin = whatsapp.person("khin");
    whatsapp.write(khin, "/help");
    const seenByKhin = () => whatsapp.sentTo(khin.phoneId).map((s) => s.text).join("\n");
    for (let tries = 0; tries < 200 && !(seenByAmina().includes("/baraza step") && seenByKhin().includes("/step")); tries++) await pause(50);

    expect(api.textsTo(501).join("\n")).toContain("/step — where the group is");
    expect(seenByAmina()).toContain("/baraza step");
    expect(seenByKhin()).toContain("/step — where the group is");
    // No one was answered on another platform, nor twice.
    expect(whatsapp.sent.every((s) => s.chatId === khin.phoneId)).toBe(true);
    expect(seenByAmina()).not.toContain("/step — where");
    expect(api.textsTo(501).join("\n")).not.toContain("/baraza step");
    const people = await harness.db.person.findMany({ select: { platform: true } });
    expect(people.map((p) => p.platform).sort()).toEqual(["slack", "telegram", "whatsapp"]);

    if (started.kind === "running") await started.stop();
    started = undefined;
    expect(whatsapp.destroyed).toBe(1);
  });

  it("stops while WHATSAPP_PAUSED holds a scheduled message: the held send fails at once, and nothing reaches WhatsApp", async () => {
    whatsapp.inGroup(WHATSAPP_GROUP);
    let handed = 0;
    let failure: unknown;
    harness.baraza.deliverDue = async (send) => {
      handed += 1;
      if (handed > 1) return 0;
      await send({ to: { kind: "chat", platform: "whatsapp", chatId: WHATSAPP_GROUP }, text: "Voting closes tomorrow." }).catch((error: unknown) => {
        failure = error;
      });
      return 1;
    };
    started = await start([telegram, slack, onWhatsApp()], env({ SLACK_APP_TOKEN: DEFAULT_APP_TOKEN, WHATSAPP_PAUSED: "true" }));
    expect(started.kind).toBe("running");
    for (let tries = 0; tries < 50 && handed === 0; tries++) await pause(20);
    expect(handed).toBe(1);

    if (started.kind === "running") await started.stop();
    started = undefined;
    expect(failure).toBeInstanceOf(Error);
    expect(whatsapp.attempts).toEqual([]);
    expect(whatsapp.destroyed).toBe(1);
  });
});
