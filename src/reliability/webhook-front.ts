/**
 * The real Telegram front door on loopback: the adapter's bot behind the
 * real webhook server, talking to the fake Bot API. Parts post updates to it as Telegram
 * would, and count what reached the bot and what it sent.
 */
import { randomBytes } from "node:crypto";
import { createTelegramBot } from "../bots/telegram/bot.ts";
import { LOOPBACK_LIMITS } from "../bots/telegram/limits.ts";
import { serveWebhook } from "../bots/telegram/webhook.ts";
import { startHttpServer } from "../server.ts";
import type { Update } from "grammy/types";
import type { Scope } from "./scope.ts";
import { BOT_INFO, startFakeBotApi, TOKEN, type FakeBotApi } from "./fake-bot-api.ts";
import type { World } from "./world.ts";

export const WEBHOOK_PATH = "/telegram";

export interface WebhookFront {
  port: number;
  secret: string;
  api: FakeBotApi;
  /** How many requests the webhook handed to the bot. */
  reached(): number;
  /** Posts an update as Telegram would (with the secret); resolves with the HTTP status. */
  post(update: Update): Promise<number>;
}

export async function startWebhookFront(scope: Scope, world: World): Promise<WebhookFront> {
  const api = await startFakeBotApi();
  scope.defer("fake Bot API", () => api.close());
  const { bot } = createTelegramBot({
    token: TOKEN,
    apiRoot: api.apiRoot,
    baraza: world.baraza,
    texts: world.deps.texts,
    defaultLocale: "en",
    log: world.deps.log,
    botInfo: BOT_INFO,
    // Replays count messages, not their pace: Telegram's limits would only make the run minutes longer.
    limits: LOOPBACK_LIMITS,
  });
  let reached = 0;
  const handleUpdate = bot.handleUpdate.bind(bot);
  bot.handleUpdate = (update, webhookReplyEnvelope) => {
    reached += 1;
    return handleUpdate(update, webhookReplyEnvelope);
  };
  const secret = randomBytes(24).toString("hex");
  const server = await startHttpServer({ port: 0, host: "127.0.0.1", log: world.deps.log });
  scope.defer("webhook server", () => server.close());
  await serveWebhook({ bot, url: `https://baraza.invalid${WEBHOOK_PATH}`, secret, server, register: false });
  return {
    port: server.port,
    secret,
    api,
    reached: () => reached,
    async post(update) {
      const response = await fetch(`http://127.0.0.1:${server.port}${WEBHOOK_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(60_000),
      });
      await response.arrayBuffer();
      return response.status;
    },
  };
}
