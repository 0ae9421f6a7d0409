/**
 * Starting Baraza on Telegram as configured: the bot, its command menu, and
 * updates by webhook (TELEGRAM_WEBHOOK_URL set) or else by long polling.
 *
 * Every wait for the Bot API at start can be given up: with Telegram out of
 * reach, its calls are retried with growing pauses for as long as it takes,
 * and a person pressing Ctrl+C, or systemd sending SIGTERM, must not wait
 * for that.
 */
import { GrammyError } from "grammy";
import type { Baraza } from "../../flows/baraza.ts";
import type { Channel } from "../../flows/channel.ts";
import type { Logger } from "../../flows/ports.ts";
import type { Texts } from "../../flows/texts.ts";
import { createTelegramBot, grammySignal } from "./bot.ts";
import { LOOPBACK_LIMITS } from "./limits.ts";
import { startPolling } from "./polling.ts";
import { serveWebhook } from "./webhook.ts";
import type { HttpServer } from "../../server.ts";

export interface TelegramSettings {
  token: string;
  apiRoot?: string | undefined;
  /** Updates by webhook, served on the process's HTTP server; without, by long polling. */
  webhook?: { url: string; secret: string; server: HttpServer } | undefined;
  defaultLocale: string;
  /** Whether Telegram's rate limits are kept before each call (limits.ts); false only for a stand-in Bot API (tests). True unless given. */
  rateLimits?: boolean;
}

/** The Telegram channel: the bot, taking updates by webhook or long polling once started. */
export interface TelegramChannel extends Channel {
  /** The bot's username, for the start-up line; known once started. */
  readonly username: string;
  /** How updates arrive; known once started. */
  readonly mode: "webhook" | "polling";
}

/** Telegram does not know the configured token: a setting to fix, not a crash. */
export class TelegramTokenRefused extends Error {
  constructor() {
    super("TELEGRAM_BOT_TOKEN: Telegram does not accept this token; copy it again from @BotFather (/mybots, API Token)");
    this.name = "TelegramTokenRefused";
  }
}

/** Start-up was given up (the stop signal was aborted) while it waited for Telegram; nothing is left running. */
export class TelegramStartStopped extends Error {
  constructor(
    /** The Bot API method start-up was waiting for. */
    readonly method: string,
    options?: ErrorOptions,
  ) {
    super(`waiting for the Bot API to answer ${method}`, options);
    this.name = "TelegramStartStopped";
  }
}

/** Telegram's own Bot API, where no other is configured. */
const TELEGRAM_API = "https://api.telegram.org";

/**
 * Starts the bot; once `stop` is aborted, start-up stops waiting and throws
 * {@link TelegramStartStopped}. `say` gives the operator a line: where the
 * bot is reaching for the Bot API, and each failure while it keeps trying.
 */
export async function startTelegram(settings: TelegramSettings, baraza: Baraza, texts: Texts, log: Logger, stop: AbortSignal, say: (line: string) => void = () => undefined): Promise<TelegramChannel> {
  const channel = createTelegramChannel(settings, baraza, texts, log, say);
  await channel.start(stop);
  return channel;
}

/**
 * The Telegram channel as configured, not yet started: `start(signal)` does
 * what {@link startTelegram} describes, and throws {@link TelegramStartStopped}
 * when `signal` is aborted first.
 */
function createTelegramChannel(settings: TelegramSettings, baraza: Baraza, texts: Texts, log: Logger, say: (line: string) => void = () => undefined): TelegramChannel {
  const address = settings.apiRoot ?? TELEGRAM_API;
  let starting = true;
  let stopSignal: AbortSignal | undefined;
  const { bot, setCommands, stopSending, ...channel } = createTelegramBot({
    token: settings.token,
    ...(settings.apiRoot ? { apiRoot: settings.apiRoot } : {}),
    baraza,
    texts,
    defaultLocale: settings.defaultLocale,
    ...(settings.rateLimits === false ? { limits: LOOPBACK_LIMITS } : {}),
    log,
    onCallFailed: (method, error) => {
      // Only while starting: once running, failures go to the log.
      if (starting && stopSignal?.aborted !== true) say(`Could not reach the Telegram Bot API at ${address} (${method}: ${reasonOf(error)}); trying again with growing pauses. Stop with Ctrl+C.`);
    },
  });
  let mode: TelegramChannel["mode"] = "polling";
  let running: { stop(): Promise<void> } | undefined;
  const start = async (stop: AbortSignal = new AbortController().signal): Promise<void> => {
    stopSignal = stop;
    say(`Reaching the Telegram Bot API at ${address}…`);
    const signal = grammySignal(stop);
    await unlessStopped(stop, "getMe", async () => {
      try {
        await bot.init(signal);
      } catch (error) {
        // 401: no such token; 404: the token's form is wrong.
        if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) throw new TelegramTokenRefused();
        throw error;
      }
    });
    // A refused menu is logged inside; the bot works without it.
    await unlessStopped(stop, "setMyCommands", () => setCommands(signal));
    if (settings.webhook) {
      const options = { bot, ...settings.webhook, signal };
      running = await unlessStopped(stop, "setWebhook", () => serveWebhook(options));
      mode = "webhook";
      starting = false;
      return;
    }
    running = await unlessStopped(stop, "deleteWebhook", () => startPolling(bot, signal));
    starting = false;
  };
  return {
    ...channel,
    get username() {
      return bot.botInfo.username;
    },
    get mode() {
      return mode;
    },
    start,
    async stop() {
      // Replies waiting for a rate limit fail at once, so the updates under way finish without waiting for them.
      stopSending();
      await running?.stop();
    },
  };
}

/** Why a call failed, for the operator: never the token (a network error's own message can hold the URL, which holds it). */
function reasonOf(error: unknown): string {
  if (typeof error === "string") return error;
  if (error instanceof GrammyError) return `Telegram answered ${error.error_code}`;
  // grammY's HttpError keeps the network's error as `error`.
  const inner: unknown = error instanceof Error ? ("error" in error ? error.error : error.cause) : undefined;
  const code = typeof inner === "object" && inner !== null && "code" in inner ? String(inner.code) : undefined;
  return code ?? "no answer";
}

/**
 * Runs one step of start-up, which passes the stop signal on to grammY; a
 * failure once `stop` is aborted (the Bot API call, or the pause before a
 * retry, cut short) becomes {@link TelegramStartStopped}, naming the method.
 */
async function unlessStopped<T>(stop: AbortSignal, method: string, step: () => Promise<T>): Promise<T> {
  if (stop.aborted) throw new TelegramStartStopped(method);
  try {
    return await step();
  } catch (error) {
    if (stop.aborted) throw new TelegramStartStopped(method, { cause: error });
    throw error;
  }
}
