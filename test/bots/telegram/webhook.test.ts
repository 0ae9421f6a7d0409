import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWebhook, type RunningWebhook } from "../../../src/bots/telegram/webhook.ts";
import { message } from "./fake-bot-api.ts";
import { AMINA, GROUP_CHAT, startTelegramTest, type TelegramTest } from "./setup.ts";

const SECRET = "a-long-secret-token_42";
const URL_PATH = "https://baraza.example.org/telegram";

let t: TelegramTest;
let webhook: RunningWebhook;
beforeEach(async () => {
  t = await startTelegramTest();
  webhook = await startWebhook({ bot: t.telegram.bot, url: URL_PATH, secret: SECRET, port: 0, log: { error: (event, details) => t.logged.push({ event, ...details }) } });
});
afterEach(async () => {
  await webhook.stop();
  await t.close();
});

function post(headers: Record<string, string>, body: unknown, path = "/telegram") {
  return fetch(`http://127.0.0.1:${webhook.port}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

describe("Telegram webhook", () => {
  it("tells Telegram its URL and secret token at start", () => {
    const [registered] = t.api.calls.filter((c) => c.method === "setWebhook");
    expect(registered?.payload).toMatchObject({ url: URL_PATH, secret_token: SECRET });
  });

  it("handles an update sent with the right secret token, answering once it is handled", async () => {
    const response = await post({ "x-telegram-bot-api-secret-token": SECRET }, message(AMINA, GROUP_CHAT, "/help"));
    expect(response.status).toBe(200);
    expect(t.api.textsTo(GROUP_CHAT)[0]).toContain("/start — say hello");
  });

  it("refuses an update with a wrong secret token", async () => {
    const response = await post({ "x-telegram-bot-api-secret-token": "guessed" }, message(AMINA, GROUP_CHAT, "/help"));
    expect(response.status).toBe(401);
    expect(t.api.textsTo(GROUP_CHAT)).toEqual([]);
  });

  it("refuses an update with no secret token", async () => {
    const response = await post({}, message(AMINA, GROUP_CHAT, "/help"));
    expect(response.status).toBe(401);
    expect(t.api.textsTo(GROUP_CHAT)).toEqual([]);
  });

  it("answers /healthz", async () => {
    const response = await fetch(`http://127.0.0.1:${webhook.port}/healthz`);
    expect(response.status).toBe(200);
  });

  it("knows no other path", async () => {
    const response = await post({ "x-telegram-bot-api-secret-token": SECRET }, message(AMINA, GROUP_CHAT, "/help"), "/elsewhere");
    expect(response.status).toBe(404);
  });
});
