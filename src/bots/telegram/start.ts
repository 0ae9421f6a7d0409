/**
 * Starting Baraza on Telegram as configured: the bot, its command menu, and
 * updates by webhook (TELEGRAM_WEBHOOK_URL set) or else by long polling.
 */
import { GrammyError } from "grammy";
import type { Baraza } from "../../flows/baraza.ts";
import type { Send } from "../../flows/jobs.ts";
import type { Logger } from "../../flows/ports.ts";
import type { Texts } from "../../flows/texts.ts";
import { createTelegramBot } from "./bot.ts";
import { startPolling } from "./polling.ts";
import { startWebhook } from "./webhook.ts";

export interface TelegramSettings {
  token: string;
  apiRoot?: string | undefined;
  webhookUrl?: string | undefined;
  webhookSecret?: string | undefined;
  port: number;
  defaultLocale: string;
}

export interface RunningTelegram {
  /** The bot's username, for the start-up line. */
  username: string;
  mode: "webhook" | "polling";
  send: Send;
  stop(): Promise<void>;
}

/** Telegram does not know the configured token: a setting to fix, not a crash. */
export class TelegramTokenRefused extends Error {
  constructor() {
    super("TELEGRAM_BOT_TOKEN: Telegram does not accept this token; copy it again from @BotFather (/mybots, API Token)");
    this.name = "TelegramTokenRefused";
  }
}

export async function startTelegram(settings: TelegramSettings, baraza: Baraza, texts: Texts, log: Logger): Promise<RunningTelegram> {
  const { bot, send, setCommands } = createTelegramBot({
    token: settings.token,
    ...(settings.apiRoot ? { apiRoot: settings.apiRoot } : {}),
    baraza,
    texts,
    defaultLocale: settings.defaultLocale,
    log,
  });
  try {
    await bot.init();
  } catch (error) {
    // 401: no such token; 404: the token's form is wrong.
    if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) throw new TelegramTokenRefused();
    throw error;
  }
  // A refused menu is logged inside; the bot works without it.
  await setCommands();
  if (settings.webhookUrl && settings.webhookSecret) {
    const webhook = await startWebhook({ bot, url: settings.webhookUrl, secret: settings.webhookSecret, port: settings.port, log });
    return { username: bot.botInfo.username, mode: "webhook", send, stop: () => webhook.stop() };
  }
  const polling = await startPolling(bot);
  return { username: bot.botInfo.username, mode: "polling", send, stop: () => polling.stop() };
}
