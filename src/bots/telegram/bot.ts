/**
 * Baraza as a grammY bot: every text and button press goes through one
 * middleware (update → `Inbound` → `baraza.handle` → replies sent), and every
 * call to the Bot API goes through Telegram's rate limits (the throttler:
 * about 1 message a second per chat, 20 a minute per group, 30 a second in
 * all) and waits out a 429 for as long as its `retry_after` says.
 *
 * How updates arrive is not decided here: `polling.ts` and `webhook.ts` feed
 * this bot, and tests feed it with `bot.handleUpdate()`.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { apiThrottler, type APIThrottlerOptions } from "@grammyjs/transformer-throttler";
import { Bot, GrammyError, type Context, type Transformer } from "grammy";
import type { BotCommand, UserFromGetMe } from "grammy/types";
import { LOCALES } from "../../domain/locales.ts";
import { cutToLength } from "../../domain/text.ts";
import type { Baraza } from "../../flows/baraza.ts";
import { describeError } from "../../flows/errors.ts";
import { HELP_ORDER } from "../../flows/help.ts";
import { Undeliverable, type Send } from "../../flows/jobs.ts";
import type { Outbound } from "../../flows/messages.ts";
import type { Logger } from "../../flows/ports.ts";
import type { Texts } from "../../flows/texts.ts";
import { toInbound } from "./inbound.ts";
import { chatIdOf, privateChatLink, sendAnswer, sendOutbound, type SentMessage } from "./outbound.ts";

/** Telegram's answer when the bot may not write to a person (they never opened a chat with it, or blocked it). */
const FORBIDDEN = 403;
/** How many questions with buttons are remembered, to take the buttons away once answered. */
const QUESTIONS_KEPT = 10_000;
/** Telegram's longest notice shown as the answer to a button press. */
const NOTICE_LIMIT = 200;
/** Telegram's longest command description. */
const DESCRIPTION_LIMIT = 256;

export interface TelegramBotOptions {
  token: string;
  /** A Bot API server other than Telegram's (TELEGRAM_API_ROOT): a local one, or a test double. */
  apiRoot?: string;
  baraza: Baraza;
  texts: Texts;
  /** The language of the command menu for people whose app language Baraza does not ship. */
  defaultLocale: string;
  log: Logger;
  /** The bot's own identity, when known: no getMe call at start (tests). */
  botInfo?: UserFromGetMe;
  /** Outgoing rate limits; Telegram's published limits unless given (tests loosen them). */
  limits?: APIThrottlerOptions;
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

export interface TelegramBot {
  bot: Bot;
  /** Sends one neutral message through this bot; for replies and for the sweep. */
  send: Send;
  /**
   * Registers the command menu in every shipped language; false (logged) if
   * Telegram refused. Once `signal` is aborted it stops waiting and throws.
   */
  setCommands(signal?: GrammySignal): Promise<boolean>;
}

export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { baraza, log } = options;
  const bot = new Bot(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: options.apiRoot ? { apiRoot: options.apiRoot } : {},
  });
  // The last installed runs first: a retry waits, then queues again behind the limits.
  bot.api.config.use(apiThrottler(options.limits));
  bot.api.config.use(retrying());

  /**
   * Where each question with buttons was sent, so that answering it (by
   * pressing or typing) can take them away. Only the latest questions are
   * kept: a question's buttons left behind are refused when pressed anyway.
   */
  const questions = new Map<string, SentMessage>();
  const remember = (message: Outbound, sent: SentMessage | undefined) => {
    if (!message.question || !sent) return;
    questions.delete(message.question);
    questions.set(message.question, sent);
    for (const oldest of questions.keys()) {
      if (questions.size <= QUESTIONS_KEPT) break;
      questions.delete(oldest);
    }
  };
  const sendNow = async (message: Outbound) => {
    remember(message, await sendOutbound(bot.api, message, bot.botInfo.username));
  };
  // For the sweep: a chat the bot was removed from, or a person who blocked it, will never take the message.
  const send: Send = (message) =>
    sendNow(message).catch((error: unknown) => {
      if (error instanceof GrammyError && error.error_code === FORBIDDEN) throw new Undeliverable(`Telegram ${error.method}: ${error.error_code}`, { cause: error });
      throw error;
    });

  /** Sends one reply, or edits the message it answers; "unreachable" when Telegram will not let the bot write to that person first. */
  const deliver = async (reply: Outbound, pressed?: SentMessage): Promise<"sent" | "unreachable" | "failed"> => {
    try {
      const answered = reply.answers ? (pressed ?? questions.get(reply.answers.question)) : undefined;
      if (reply.answers && answered && chatIdOf(reply.to) === answered.chatId) {
        questions.delete(reply.answers.question);
        remember(reply, await sendAnswer(bot.api, answered, reply, bot.botInfo.username, pressed !== undefined));
      } else {
        await sendNow(reply);
      }
      return "sent";
    } catch (error) {
      // One undeliverable reply must not stop the rest.
      log.error("telegram-send-failed", { to: reply.to.kind, ...telegramError(error) });
      return reply.to.kind === "person" && error instanceof GrammyError && error.error_code === FORBIDDEN ? "unreachable" : "failed";
    }
  };

  // Per-chat and per-person order: a person's answers are handled in the order they were sent.
  bot.use(sequentialize(orderKeys));
  bot.use(async (ctx) => {
    const inbound = toInbound(ctx.update, ctx.me.username);
    const pressedMessage = ctx.callbackQuery?.message;
    const pressed = pressedMessage ? { chatId: String(pressedMessage.chat.id), messageId: pressedMessage.message_id } : undefined;
    let unreachable = false;
    let notice: string | undefined;
    for (const reply of inbound ? await baraza.handle(inbound) : []) {
      // What only the presser needs to see is shown to them alone, as the answer to their press.
      if (pressed && reply.ephemeral && notice === undefined && chatIdOf(reply.to) === pressed.chatId && reply.text.length <= NOTICE_LIMIT) {
        notice = reply.text;
        continue;
      }
      const outcome = await deliver(reply, pressed);
      if (outcome === "unreachable" && inbound && reply.to.kind === "person" && reply.to.userId === inbound.sender.id) unreachable = true;
    }
    // Telegram lets a bot write privately only to people who opened a chat with it: open it for them, or say so where they are.
    const link = privateChatLink(ctx.me.username);
    if (ctx.callbackQuery) {
      // Answered whatever the press meant, so the app stops its spinner; the private chat opens by itself when the bot could not write there.
      const answer = unreachable ? { url: link } : notice !== undefined ? { text: notice } : {};
      await ctx.answerCallbackQuery(answer).catch((error: unknown) => log.error("telegram-callback-answer-failed", telegramError(error)));
    } else if (unreachable && inbound?.chat.kind === "group") {
      const locale = await baraza.chatLocale(inbound.platform, inbound.chat.id);
      const text = options.texts.t(locale, "telegram:open-private", { link });
      await deliver({ to: { kind: "chat", platform: inbound.platform, chatId: inbound.chat.id }, text });
    }
  });
  bot.catch((error) => log.error("telegram-update-failed", { update: error.ctx.update.update_id, ...describeError(error.error) }));

  return {
    bot,
    send,
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
