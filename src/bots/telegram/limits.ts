/**
 * Telegram's rate limits, kept before a call leaves (src/bots/rate.ts), so
 * that Telegram seldom has to refuse one with 429; one it still refuses is
 * waited out by auto-retry (bot.ts).
 *
 * Telegram's own figures (its Bot FAQ, SPEC §9): about one message a second
 * to one chat, 20 a minute to one group, about 30 a second in all. A token
 * bucket lets `burst + count` through in any `perMs`, so each burst is taken
 * out of the figure: a group gets 5 at once and then 15 a minute (never
 * more than 20 in a minute), all chats together 10 at once and then 20 a
 * second (never more than 30 in a second).
 *
 * What counts where: a message (send…, forward…, copy…) counts in its
 * chat, its group and overall; any other call about a chat (an edit, taking
 * buttons away, leaving) counts overall only, in a lane of its own per chat
 * so it never waits behind that chat's messages. Calls about no chat
 * (answering a press, getUpdates, the command menu) are not limited.
 *
 * Not shared between processes: several processes on one bot token each keep
 * these limits for what they send, and what they send together beyond them
 * is refused by Telegram with 429 and waited out, losing and doubling
 * nothing; one chat's turns are handled in one process at a time (the
 * store's lanes). Sharing the overall bucket would cost a round trip to the
 * database per message below the limit, or a count of live processes to
 * take a share of it.
 */
import type { Transformer } from "grammy";
import { RateLimiter, type Rate } from "../rate.ts";

export interface TelegramLimits {
  chat: Rate;
  group: Rate;
  overall: Rate;
}

export const TELEGRAM_LIMITS: TelegramLimits = {
  chat: { burst: 1, count: 1, perMs: 1000 },
  group: { burst: 5, count: 15, perMs: 60_000 },
  overall: { burst: 10, count: 20, perMs: 1000 },
};

/**
 * Limits for a Bot API on loopback (tests, the bench, the reliability
 * suite): far above anything they send, so nothing waits and only the
 * limiter's cost remains.
 */
export const LOOPBACK_LIMITS: TelegramLimits = {
  chat: { burst: 1_000_000, count: 1_000_000, perMs: 1000 },
  group: { burst: 1_000_000, count: 1_000_000, perMs: 1000 },
  overall: { burst: 1_000_000, count: 1_000_000, perMs: 1000 },
};

/** Methods that put a new message in a chat. `sendChatAction` only shows "typing…". */
const MESSAGE = /^(send(?!ChatAction)|forward|copy)/;

/** A limiter for Telegram's limits, and the transformer that holds each call to them. */
export function telegramLimiter(limits: TelegramLimits = TELEGRAM_LIMITS): { limiter: RateLimiter; transformer: Transformer } {
  const limiter = new RateLimiter(limits.overall);
  const inChat = [limits.chat];
  const inGroup = [limits.chat, limits.group];
  const transformer: Transformer = (prev, method, payload, signal) => {
    const chatId = chatIdOf(payload);
    let wait: Promise<void> | undefined;
    if (chatId !== undefined) wait = MESSAGE.test(method) ? limiter.take(chatId, isGroup(chatId) ? inGroup : inChat) : limiter.take(`other ${chatId}`, []);
    return wait === undefined ? prev(method, payload, signal) : wait.then(() => prev(method, payload, signal));
  };
  return { limiter, transformer };
}

function chatIdOf(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null || !("chat_id" in payload)) return undefined;
  const id = payload.chat_id;
  return typeof id === "string" || typeof id === "number" ? String(id) : undefined;
}

/** Groups, supergroups and channels have negative ids; a private chat has the person's (positive) id. */
function isGroup(chatId: string): boolean {
  return chatId.startsWith("-");
}
