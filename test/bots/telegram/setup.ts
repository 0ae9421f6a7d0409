/**
 * A Telegram bot on a fresh SQLite store (the flows' test harness), talking
 * to a fake Bot API.
 */
import type { Update } from "grammy/types";
import { createTelegramBot, type TelegramBot } from "../../../src/bots/telegram/bot.ts";
import { LOOPBACK_LIMITS, type TelegramLimits } from "../../../src/bots/telegram/limits.ts";
import { startHarness, type Harness } from "../../support/harness.ts";
import { BOT_INFO, press, startFakeBotApi, TOKEN, type FakeBotApi, type Person } from "./fake-bot-api.ts";

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
  /**
   * `person` presses the button (by the text on it, or its place counting
   * from 1) under the newest message with buttons in `chat`, as Telegram
   * reports a press: with the button's data, under that message.
   */
  pressButton(person: Person, chat: number, button: string | number): Promise<void>;
  close(): Promise<void>;
}

/** A Telegram test in which `coordinator` already coordinates a programme, and so may set a group up. */
export async function startTelegramTestWithCoordinator(coordinator: Person = AMINA): Promise<TelegramTest> {
  const t = await startTelegramTest();
  const programme = await t.harness.store.programmes.create("Programme");
  const person = await t.harness.store.people.identify("telegram", String(coordinator.id), coordinator.first_name);
  await t.harness.store.programmes.addCoordinator(programme.id, person.id);
  return t;
}

/**
 * A Telegram bot on a fresh store. Telegram's rate limits are kept only when
 * given (`TELEGRAM_LIMITS`): tests about something else would wait for them
 * (a group's 15 messages a minute); limits.test.ts tests them.
 */
export async function startTelegramTest(limits: TelegramLimits = LOOPBACK_LIMITS): Promise<TelegramTest> {
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
    limits,
  });
  return {
    harness,
    api,
    telegram,
    logged: harness.logged,
    feed: (update) => telegram.bot.handleUpdate(update),
    async pressButton(person, chat, button) {
      const keyboard = api.keyboardIn(chat);
      const found = keyboard?.buttons.filter((b) => b.callback_data).find((b, index) => (typeof button === "number" ? index + 1 === button : b.text.includes(button)));
      if (!keyboard || !found?.callback_data) throw new Error(`No button ${button} in chat ${chat}: ${keyboard?.buttons.map((b) => b.text).join(" | ") ?? "none"}`);
      await telegram.bot.handleUpdate(press(person, chat, found.callback_data, undefined, keyboard.messageId));
    },
    async close() {
      await api.close();
      await harness.close();
    },
  };
}
