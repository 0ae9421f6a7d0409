/**
 * Baraza as a grammY bot: every text and button press goes through one
 * middleware (update → `Inbound` → `baraza.handle` → replies sent). Calls
 * to the Bot API are sent as they come; one Telegram refuses for its rate
 * limits (429) waits out its `retry_after` and is sent again, holding up no
 * other chat's calls, and a button press is answered before any message
 * to a group that may have to wait.
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
import { HELP_ORDER } from "../../flows/help.ts";
import type { Capabilities, Channel, SentRef } from "../../flows/channel.ts";
import { Undeliverable } from "../../flows/jobs.ts";
import type { Outbound } from "../../flows/messages.ts";
import { withCommands } from "../../flows/present.ts";
import type { Logger } from "../../flows/ports.ts";
import type { Texts } from "../../flows/texts.ts";
import { CALLBACK_DATA_LIMIT, PLATFORM, toInbound } from "./inbound.ts";
import { chatIdOf, clearButtons, editOutbound, privateChatLink, sendAnswer, sendOutbound, TEXT_LIMIT, type Asked, type Sent, type SentMessage } from "./outbound.ts";

/** Telegram's answer when the bot may not write to a person (they never opened a chat with it, or blocked it). */
const FORBIDDEN = 403;
/** How many questions with buttons are remembered, to take the buttons away once answered. */
const QUESTIONS_KEPT = 10_000;
/** Telegram's longest notice shown as the answer to a button press. */
const NOTICE_LIMIT = 200;
/** Telegram's longest command description. */
const DESCRIPTION_LIMIT = 256;

/** What Telegram can show (see `Capabilities`). */
const TELEGRAM_CAPABILITIES: Capabilities = {
  textLimit: TEXT_LIMIT,
  buttons: "inline",
  buttonPayloadLimit: CALLBACK_DATA_LIMIT,
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
}

export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { baraza, log } = options;
  const bot = new Bot(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: options.apiRoot ? { apiRoot: options.apiRoot } : {},
  });
  // No throttler of our own: each call is sent at once, and only a call Telegram refuses with 429 waits, for its retry_after.
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

  /**
   * Where each question with buttons was sent, so that answering it (by
   * pressing or typing) can take them away. Only the latest questions are
   * kept: a question's buttons left behind are refused when pressed anyway.
   */
  const questions = new Map<string, SentMessage>();
  const remember = (message: Outbound, sent: Sent | undefined) => {
    if (!message.question || !sent?.withButtons) return;
    questions.delete(message.question);
    questions.set(message.question, { chatId: sent.chatId, messageId: sent.messageId });
    for (const oldest of questions.keys()) {
      if (questions.size <= QUESTIONS_KEPT) break;
      questions.delete(oldest);
    }
  };
  const sendNow = async (message: Outbound, asked?: Asked): Promise<Sent | undefined> => {
    const sent = await sendOutbound(bot.api, message, bot.botInfo.username, asked);
    remember(message, sent);
    return sent;
  };
  // For the sweep: a chat the bot was removed from, or a person who blocked it, will never take the message.
  const send = async (message: Outbound): Promise<SentRef | undefined> => {
    try {
      const sent = await sendNow(message);
      return sent && refOf(sent);
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === FORBIDDEN) throw new Undeliverable(`Telegram ${error.method}: ${error.error_code}`, { cause: error });
      throw error;
    }
  };

  /**
   * Sends one reply, or edits the message it answers; "unreachable" when
   * Telegram will not let the bot write to that person first. `answering`:
   * in the reply's chat, the message of the person being answered, or the
   * person who pressed a button there.
   */
  const deliver = async (reply: Outbound, pressed?: SentMessage, answering?: { chatId: string; asked: Asked }): Promise<"sent" | "unreachable" | "failed"> => {
    const inReplyTo = answering && chatIdOf(reply.to) === answering.chatId ? answering.asked : undefined;
    try {
      const answered = reply.answers ? (pressed ?? questions.get(reply.answers.question)) : undefined;
      if (reply.answers && answered && chatIdOf(reply.to) === answered.chatId) {
        questions.delete(reply.answers.question);
        remember(reply, await sendAnswer(bot.api, answered, reply, bot.botInfo.username, pressed !== undefined, inReplyTo));
      } else {
        await sendNow(reply, inReplyTo);
      }
      return "sent";
    } catch (error) {
      // One undeliverable reply must not stop the rest.
      log.error("telegram-send-failed", { to: reply.to.kind, ...telegramError(error) });
      if (!(reply.to.kind === "person" && error instanceof GrammyError && error.error_code === FORBIDDEN)) return "failed";
      // A privacy notice that never arrived is not counted as given.
      await baraza.undelivered(reply).catch((failure: unknown) => log.error("telegram-undelivered-failed", describeError(failure)));
      return "unreachable";
    }
  };

  // Per-chat and per-person order: a person's answers are handled in the order they were sent.
  bot.use(sequentialize(orderKeys));
  bot.use(async (ctx) => {
    const inbound = toInbound(ctx.update, ctx.me.username);
    const pressedMessage = ctx.callbackQuery?.message;
    const pressed = pressedMessage ? { chatId: String(pressedMessage.chat.id), messageId: pressedMessage.message_id } : undefined;
    // What the person wrote, or their press, for a question in a group to ask them alone for the reply.
    const answering = ctx.message
      ? { chatId: String(ctx.message.chat.id), asked: { messageId: ctx.message.message_id } }
      : pressed && ctx.from && inbound
        ? { chatId: pressed.chatId, asked: { user: { id: ctx.from.id, name: inbound.sender.name } } }
        : undefined;
    const replies = (inbound ? await baraza.handle(inbound) : []).map((reply) => withCommands(reply, TELEGRAM_CAPABILITIES.commandPrefix));
    const fromGroup = inbound?.chat.kind === "group";
    let notice: string | undefined;
    // From a group, the sender's private messages go first: whether Telegram lets the bot write to them decides what the group is told.
    const first: Outbound[] = [];
    const then: Outbound[] = [];
    for (const reply of replies) {
      // What only the presser needs to see is shown to them alone, as the answer to their press.
      if (pressed && reply.ephemeral && notice === undefined && chatIdOf(reply.to) === pressed.chatId && reply.text.length <= NOTICE_LIMIT) notice = reply.text;
      else if (fromGroup && reply.to.kind === "person" && reply.to.userId === inbound?.sender.id) first.push(reply);
      else then.push(reply);
    }
    let unreachable = false;
    for (const reply of first) if ((await deliver(reply, pressed)) === "unreachable") unreachable = true;
    // Telegram lets a bot write privately only to people who opened a chat with it: open it for them, or say so where they are.
    const link = privateChatLink(ctx.me.username);
    if (ctx.callbackQuery) {
      // Answered before anything else waits on a chat's rate limit, so the app stops its spinner; the private chat opens by itself when the bot could not write there.
      const answer = unreachable ? { url: link } : notice !== undefined ? { text: notice } : {};
      await ctx.answerCallbackQuery(answer).catch((error: unknown) => log.error("telegram-callback-answer-failed", telegramError(error)));
    }
    const openPrivate = async (): Promise<Outbound | undefined> => {
      if (!inbound) return undefined;
      const locale = await baraza.chatLocale(inbound.platform, inbound.chat.id);
      const text = options.texts.t(locale, "telegram:open-private", { name: relay(inbound.sender.name), link });
      return { to: { kind: "chat", platform: inbound.platform, chatId: inbound.chat.id }, text };
    };
    let toldToOpen = false;
    for (const reply of then) {
      // "I have written to you in private" is said only once it is true; otherwise the group hears how to open the chat, once.
      if (unreachable && reply.privateChatButton && reply.to.kind === "chat") {
        const instead = toldToOpen ? undefined : await openPrivate();
        toldToOpen = true;
        if (instead) await deliver({ ...instead, ...(reply.answers ? { answers: reply.answers } : {}) }, pressed);
        continue;
      }
      await deliver(reply, pressed, answering);
    }
    if (unreachable && !toldToOpen && !ctx.callbackQuery && fromGroup) {
      const instead = await openPrivate();
      if (instead) await deliver(instead);
    }
  });
  bot.catch((error) => log.error("telegram-update-failed", { update: error.ctx.update.update_id, ...describeError(error.error) }));

  return {
    bot,
    platform: PLATFORM,
    capabilities: TELEGRAM_CAPABILITIES,
    send,
    edit: (ref, message) => editOutbound(bot.api, sentMessageOf(ref), message, bot.botInfo.username),
    clearChoices: (ref) => clearButtons(bot.api, sentMessageOf(ref)),
    async notifyPresser(press, text) {
      await bot.api.answerCallbackQuery(press.id, { text });
    },
    async openPrivate(person, where) {
      const link = privateChatLink(bot.botInfo.username);
      if ("press" in where) {
        await bot.api.answerCallbackQuery(where.press.id, { url: link });
        return undefined;
      }
      return send({ to: where.in, text: options.texts.t(where.locale, "telegram:open-private", { name: relay(person.name), link }) });
    },
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
