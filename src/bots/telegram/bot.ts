/**
 * Baraza as a grammY bot, and the Telegram channel: every text and button
 * press goes through one middleware (update → `Inbound` →
 * `baraza.respond`), and the core delivers the replies through the channel
 * made here, which only renders and transports (the rules of delivery are
 * the core's, src/flows/delivery.ts). Calls to the Bot API go at once while
 * under Telegram's rate limits, and wait just long enough above them
 * (limits.ts); one Telegram still refuses for its limits (429) waits out its
 * `retry_after` and is sent again, holding up no other chat's calls.
 *
 * How updates arrive is not decided here: `polling.ts` and `webhook.ts` feed
 * this bot, and tests feed it with `bot.handleUpdate()`.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, GrammyError, type Context, type Transformer } from "grammy";
import type { BotCommand, UserFromGetMe } from "grammy/types";
import { LOCALES } from "../../domain/locales.ts";
import { cutToLength, relay } from "../../domain/text.ts";
import type { Baraza } from "../../flows/baraza.ts";
import { describeError } from "../../flows/errors.ts";
import { HELP_ORDER } from "../../flows/commands.ts";
import type { Capabilities, Channel, SentRef } from "../../flows/channel.ts";
import { Undeliverable } from "../../flows/jobs.ts";
import type { Outbound } from "../../flows/messages.ts";
import { present } from "../../flows/present.ts";
import type { Logger } from "../../flows/ports.ts";
import type { Texts } from "../../flows/texts.ts";
import { BUTTON_PAYLOAD_LIMIT, PLATFORM, toInbound } from "./inbound.ts";
import { telegramLimiter, type TelegramLimits } from "./limits.ts";
import { clearButtons, editOutbound, privateChatLink, sendOutbound, TEXT_LIMIT, type SentMessage } from "./outbound.ts";

/** Telegram's answer when the bot may not write to a person (they never opened a chat with it, or blocked it). */
const FORBIDDEN = 403;
/** Telegram's longest notice shown as the answer to a button press. */
const NOTICE_LIMIT = 200;
/** Telegram's longest command description. */
const DESCRIPTION_LIMIT = 256;

/** What Telegram can show (see `Capabilities`). */
const TELEGRAM_CAPABILITIES: Capabilities = {
  textLimit: TEXT_LIMIT,
  buttons: "inline",
  buttonPayloadLimit: BUTTON_PAYLOAD_LIMIT,
  edits: true,
  toOnePerson: "press-notice",
  noticeLimit: NOTICE_LIMIT,
  files: true,
  threads: false,
  forms: false,
  commandPrefix: "/",
};

export interface TelegramBotOptions {
  token: string;
  /** A Bot API server other than Telegram's (TELEGRAM_API_ROOT): a local one, or a test double. */
  apiRoot?: string;
  baraza: Baraza;
  texts: Texts;
  /** The language of the command menu for people whose app language Baraza does not ship. */
  defaultLocale: string;
  log: Logger;
  /** Told of every Bot API call that failed before it is retried (start-up says so to the operator). */
  onCallFailed?: (method: string, error: unknown) => void;
  /** The bot's own identity, when known: no getMe call at start (tests). */
  botInfo?: UserFromGetMe;
  /** Telegram's rate limits, kept before each call; Telegram's own figures unless given (tests). */
  limits?: TelegramLimits;
}

/**
 * The abort signal grammY's API calls and `bot.init` take. grammY 1's Node
 * build names the abort-controller polyfill's class as its type, which Node's
 * own AbortSignal does not match, though grammY accepts it at run time
 * (grammY 2 takes Node's: grammyjs/grammY#598). {@link grammySignal} bridges the two.
 */
export type GrammySignal = NonNullable<Parameters<Bot["init"]>[0]>;

/** Node's AbortSignal as grammY's type; grammY checks nothing more of a signal than this does. */
export function grammySignal(signal: AbortSignal): GrammySignal {
  if (acceptedByGrammy(signal)) return signal;
  throw new TypeError("grammY takes only abort signals with addEventListener");
}

/** grammY's own test of a signal (validateSignal in its client): it has addEventListener. */
function acceptedByGrammy(signal: unknown): signal is GrammySignal {
  return typeof signal === "object" && signal !== null && "addEventListener" in signal && typeof signal.addEventListener === "function";
}

/**
 * The bot, and everything of the Telegram channel but its transport (how
 * updates arrive, started and stopped in start.ts).
 */
export interface TelegramBot extends Omit<Required<Channel>, "start" | "stop"> {
  bot: Bot;
  /**
   * Registers the command menu in every shipped language; false (logged) if
   * Telegram refused. Once `signal` is aborted it stops waiting and throws.
   */
  setCommands(signal?: GrammySignal): Promise<boolean>;
  /**
   * For stopping: fails at once every call still waiting for a rate limit
   * (the core logs a reply so lost; the sweep tries a scheduled message
   * again after the next start); a later call goes only if it need not wait.
   */
  stopSending(): void;
}

export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { baraza, log } = options;
  const bot = new Bot(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: options.apiRoot ? { apiRoot: options.apiRoot } : {},
  });
  // Installed before the retries, so it runs inside them and sees each attempt: a network failure throws; Telegram's refusal is an answer.
  const onCallFailed = options.onCallFailed;
  if (onCallFailed) {
    bot.api.config.use(async (prev, method, payload, signal) => {
      try {
        const result = await prev(method, payload, signal);
        if (!result.ok) onCallFailed(method, `Telegram answered ${result.error_code}`);
        return result;
      } catch (error) {
        onCallFailed(method, error);
        throw error;
      }
    });
  }
  bot.api.config.use(retrying());
  // Outside the retries: a call takes its place under the limits once, and a retry after a 429 waits for Telegram's retry_after alone.
  const limited = telegramLimiter(options.limits);
  bot.api.config.use(limited.transformer);

  // For the core: a chat the bot was removed from, or a person who blocked it, will never take the message.
  const send = async (message: Outbound): Promise<SentRef | undefined> => {
    try {
      const sent = await sendOutbound(bot.api, message, bot.botInfo.username);
      return sent && refOf(sent);
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === FORBIDDEN) throw new Undeliverable(`Telegram ${error.method}: ${error.error_code}`, { cause: error });
      throw error;
    }
  };

  const channel: TelegramBot = {
    bot,
    platform: PLATFORM,
    capabilities: TELEGRAM_CAPABILITIES,
    send,
    edit: (ref, message) => editOutbound(bot.api, sentMessageOf(ref), message, bot.botInfo.username),
    clearChoices: (ref) => clearButtons(bot.api, sentMessageOf(ref)),
    async notifyPresser(press, text) {
      await bot.api.answerCallbackQuery(press.id, { text });
    },
    async acknowledge(press) {
      await bot.api.answerCallbackQuery(press.id);
    },
    async openPrivate(person, where) {
      // Telegram lets a bot write privately only to people who opened a chat with it: the link opens it, and takes up the question waiting there.
      const link = privateChatLink(bot.botInfo.username);
      if ("press" in where) {
        await bot.api.answerCallbackQuery(where.press.id, { url: link });
        return undefined;
      }
      // Shown as the core shows its own messages (present): laid out right to left in an Arabic group.
      const text = options.texts.t(where.locale, "telegram:open-private", { name: relay(person.name), link });
      return send(present(TELEGRAM_CAPABILITIES, { to: where.in, text, locale: where.locale }, options.texts));
    },
    stopSending: () => limited.limiter.stop(),
    async setCommands(signal) {
      try {
        await bot.api.setMyCommands(commandMenu(options.texts, options.defaultLocale), undefined, signal);
        for (const locale of LOCALES) await bot.api.setMyCommands(commandMenu(options.texts, locale), { language_code: locale }, signal);
        return true;
      } catch (error) {
        if (signal?.aborted) throw error;
        log.error("telegram-commands-refused", telegramError(error));
        return false;
      }
    },
  };

  // Per-chat and per-person order: a person's answers are handled in the order they were sent.
  bot.use(sequentialize(orderKeys));
  bot.use(async (ctx) => {
    const inbound = toInbound(ctx.update, ctx.me.username);
    if (inbound) await baraza.respond(channel, inbound);
    // A press on nothing the core reads (another bot's keyboard, an old one's data): the app still stops its spinner.
    else if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch((error: unknown) => log.error("telegram-callback-answer-failed", telegramError(error)));
  });
  bot.catch((error) => log.error("telegram-update-failed", { update: error.ctx.update.update_id, ...describeError(error.error) }));

  return channel;
}

function refOf(sent: SentMessage): SentRef {
  return { platform: PLATFORM, chatId: sent.chatId, messageId: String(sent.messageId) };
}

/** A reference to a message this bot sent, as the Bot API names it. */
function sentMessageOf(ref: SentRef): SentMessage {
  const messageId = Number(ref.messageId);
  if (ref.platform !== PLATFORM || !Number.isSafeInteger(messageId)) throw new Error(`Core bug: not a Telegram message: ${ref.platform} ${ref.messageId}`);
  return { chatId: ref.chatId, messageId };
}

/** The command menu in one language, from the help texts' summaries. */
export function commandMenu(texts: Texts, locale: string): BotCommand[] {
  return HELP_ORDER.map((command) => ({ command, description: cutToLength(texts.t(locale, `help.commands.${command}.summary`), DESCRIPTION_LIMIT) }));
}

/**
 * Waits out a 429 for its `retry_after`, and retries a server error with a
 * growing pause; except the command menu, which is a nicety: a server that
 * refuses it is not asked again and again while the bot waits to start.
 */
function retrying(): Transformer {
  const messages = autoRetry({ maxDelaySeconds: 300 });
  const menu = autoRetry({ maxDelaySeconds: 60, maxRetryAttempts: 2, rethrowInternalServerErrors: true, rethrowHttpErrors: true });
  return (prev, method, payload, signal) => (method === "setMyCommands" ? menu(prev, method, payload, signal) : messages(prev, method, payload, signal));
}

function orderKeys(ctx: Context): string[] {
  return [ctx.chat?.id, ctx.from?.id].filter((id) => id !== undefined).map(String);
}

/** What may be logged of a Bot API failure: its code, never the text sent. */
function telegramError(error: unknown): Record<string, string | number> {
  return error instanceof GrammyError ? { error: "GrammyError", method: error.method, code: error.error_code } : describeError(error);
}
