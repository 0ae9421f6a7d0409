/**
 * Telegram updates in the neutral `Inbound` shape the flows read.
 *
 * What a person wrote to the bot becomes an inbound message: texts
 * (commands and answers) and presses of the buttons `outbound.ts` draws; and
 * three changes become chat events: the bot added to a group, a member
 * leaving, and a group upgraded to a supergroup (a new chat id). Everything else (stickers,
 * edits, other bots) is left alone, so the core never sees Telegram's habits.
 */
import type { CallbackQuery, Chat, ChatMemberUpdated, Message, Update, User } from "grammy/types";
import { cutToLength } from "../../domain/text.ts";
import type { Inbound } from "../../flows/messages.ts";

export const PLATFORM = "telegram";

/**
 * Callback data of a button: `q:<question token>:<answer>`, where the answer
 * is what the button stands for when typed (`2`, `+2`, `done`, `/vote`) and
 * the token is empty for a command button. Both come from the core, which
 * checks them on every press as it checks anything typed; nothing here is
 * trusted because a client sent it.
 */
const BUTTON_DATA = /^q:([A-Za-z0-9_-]{0,32}):(.+)$/s;
/** Telegram's limit for callback data, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;
/** What of the callback data is left for the core's question token and answer, once framed as `q:<token>:<answer>`. */
export const BUTTON_PAYLOAD_LIMIT = CALLBACK_DATA_LIMIT - "q::".length;
/** The longest sender name the core takes (see `Inbound`). */
const NAME_LIMIT = 256;

/** The callback data for a button; null if it would not fit in Telegram's 64 bytes. */
export function buttonData(question: string | undefined, answer: string): string | null {
  const data = `q:${question ?? ""}:${answer}`;
  return Buffer.byteLength(data, "utf8") <= CALLBACK_DATA_LIMIT ? data : null;
}

/**
 * The inbound message an update carries, or null when it is nothing the bot
 * should answer. Telegram numbers updates in the order they happened: that
 * order is kept across processes (see `Inbound.order`).
 */
export function toInbound(update: Update, botUsername: string): Inbound | null {
  const inbound = carried(update, botUsername);
  return inbound && { ...inbound, order: update.update_id };
}

function carried(update: Update, botUsername: string): Inbound | null {
  if (update.message) return fromMessage(update.update_id, update.message, botUsername);
  if (update.callback_query) return fromPress(update.update_id, update.callback_query);
  if (update.my_chat_member) return fromMembership(update.update_id, update.my_chat_member);
  return null;
}

/** The bot's own membership changed: added to a group (by `from`) is an event; anything else (removed, made admin) is not. */
function fromMembership(updateId: number, change: ChatMemberUpdated): Inbound | null {
  const present = (status: string) => status === "member" || status === "administrator" || status === "creator";
  if (change.chat.type === "private" || change.chat.type === "channel" || change.from.is_bot) return null;
  if (!present(change.new_chat_member.status) || present(change.old_chat_member.status)) return null;
  return { platform: PLATFORM, updateId: String(updateId), chat: chatOf(change.chat), sender: senderOf(change.from), text: "", event: { kind: "bot-added" } };
}

function fromMessage(updateId: number, message: Message, botUsername: string): Inbound | null {
  const id = String(updateId);
  // Service messages the store must follow: the group became a supergroup with a new id; someone left.
  if (message.migrate_to_chat_id !== undefined) {
    return { platform: PLATFORM, updateId: id, chat: chatOf(message.chat), sender: senderOf(message.from ?? { id: 0, is_bot: false, first_name: "" }), text: "", event: { kind: "chat-moved", toChatId: String(message.migrate_to_chat_id) } };
  }
  if (message.left_chat_member && !message.left_chat_member.is_bot) {
    return { platform: PLATFORM, updateId: id, chat: chatOf(message.chat), sender: senderOf(message.left_chat_member), text: "", event: { kind: "member-left" } };
  }
  const from = message.from;
  if (!from || from.is_bot || message.text === undefined) return null;
  const text = addressedText(message.text, botUsername);
  if (text === null) return null;
  return { platform: PLATFORM, updateId: String(updateId), chat: chatOf(message.chat), messageId: String(message.message_id), sender: senderOf(from), text };
}

/**
 * A press of a button: what it stands for, as if the presser had typed it
 * where the button was, with the question it belonged to. Data this version
 * did not draw (an older keyboard) is a press on no question, which the core
 * answers as out of date.
 */
function fromPress(updateId: number, query: CallbackQuery): Inbound | null {
  const message = query.message;
  if (!message || query.from.is_bot) return null;
  const match = BUTTON_DATA.exec(query.data ?? "");
  const [question, text] = match?.[2] ? [match[1] ?? "", match[2]] : ["", ""];
  return {
    platform: PLATFORM,
    updateId: String(updateId),
    chat: chatOf(message.chat),
    sender: senderOf(query.from),
    text,
    interaction: { kind: "press", question, id: query.id, messageId: String(message.message_id) },
  };
}

/**
 * `/vote@BarazaBot 1 1 3` → `/vote 1 1 3`, since the core reads `/name args`.
 * A command addressed to another bot in the same group is not ours: null.
 */
export function addressedText(text: string, botUsername: string): string | null {
  const match = /^(\/[A-Za-z0-9_]+)@([A-Za-z0-9_]+)(?=\s|$)/.exec(text);
  if (!match) return text;
  const [whole, command = "", username = ""] = match;
  if (username.toLowerCase() !== botUsername.toLowerCase()) return null;
  return command + text.slice(whole.length);
}

function chatOf(chat: Pick<Chat, "id" | "type">): Inbound["chat"] {
  return { id: String(chat.id), kind: chat.type === "private" ? "private" : "group" };
}

function senderOf(user: User): Inbound["sender"] {
  return { id: String(user.id), name: cutToLength([user.first_name, user.last_name].filter(Boolean).join(" "), NAME_LIMIT) };
}
