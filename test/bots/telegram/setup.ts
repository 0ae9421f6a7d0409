/**
 * A Telegram bot on a fresh SQLite store (the flows' test harness), talking
 * to a fake Bot API, with Telegram's rate limits lifted so tests run fast.
 */
import type { Update } from "grammy/types";
import { createTelegramBot, type TelegramBot } from "../../../src/bots/telegram/bot.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { BOT_INFO, startFakeBotApi, TOKEN, type FakeBotApi, type Person } from "./fake-bot-api.ts";

export const AMINA: Person = { id: 501, first_name: "Amina" };
export const BOSCO: Person = { id: 502, first_name: "Bosco" };
export const GROUP_CHAT = -100200300;

export interface TelegramTest {
  harness: Harness;
  api: FakeBotApi;
  telegram: TelegramBot;
  /** What the bot logged (the core's log and the adapter's). */
  logged: Record<string, unknown>[];
  feed(update: Update): Promise<void>;
  close(): Promise<void>;
}

export async function startTelegramTest(): Promise<TelegramTest> {
  const harness = await startHarness();
  const api = await startFakeBotApi();
  const telegram = createTelegramBot({
    token: TOKEN,
    apiRoot: api.apiRoot,
    baraza: harness.baraza,
    texts: harness.texts,
    defaultLocale: "en",
    log: { error: (event, details) => harness.logged.push({ event, ...details }) },
    botInfo: BOT_INFO,
    limits: { global: {}, group: {}, out: {} },
  });
  return {
    harness,
    api,
    telegram,
    logged: harness.logged,
    feed: (update) => telegram.bot.handleUpdate(update),
    async close() {
      await api.close();
      await harness.close();
    },
  };
}
