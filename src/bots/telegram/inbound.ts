/**
 * Telegram updates in the neutral `Inbound` shape the flows read.
 *
 * What a person wrote to the bot becomes an inbound message: texts
 * (commands and answers) and presses of the buttons `outbound.ts` draws; and
 * two service messages become chat events: a member leaving, and a group
 * upgraded to a supergroup (a new chat id). Everything else (stickers,
 * edits, other bots) is left alone, so the core never sees Telegram's habits.
 */
import type { CallbackQuery, Chat, Message, Update, User } from "grammy/types";
import type { Inbound } from "../../flows/messages.ts";

export const PLATFORM = "telegram";

/** Callback data of a choice button: `c:<number>`; the core keeps which question it answers. */
const CHOICE_DATA = /^c:(\d{1,4})$/;

/** The callback data for the button of choice `number`; a few bytes, far inside Telegram's 64. */
export function choiceData(number: number): string {
  return `c:${number}`;
}

/** The inbound message an update carries, or null when it is nothing the bot should answer. */
export function toInbound(update: Update, botUsername: string): Inbound | null {
  if (update.message) return fromMessage(update.update_id, update.message, botUsername);
  if (update.callback_query) return fromPress(update.update_id, update.callback_query);
  return null;
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
  return { platform: PLATFORM, updateId: String(updateId), chat: chatOf(message.chat), sender: senderOf(from), text };
}

/** A press of a choice button: the chosen number, as if the presser had typed it where the question was asked. */
function fromPress(updateId: number, query: CallbackQuery): Inbound | null {
  const match = CHOICE_DATA.exec(query.data ?? "");
  const message = query.message;
  if (!match?.[1] || !message || query.from.is_bot) return null;
  return { platform: PLATFORM, updateId: String(updateId), chat: chatOf(message.chat), sender: senderOf(query.from), text: match[1] };
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
  return { id: String(user.id), name: [user.first_name, user.last_name].filter(Boolean).join(" ").slice(0, 256) };
}
