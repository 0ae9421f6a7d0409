/**
 * The conversation the bench's people hold with a Telegram bot, as updates:
 * each person, in their private chat, adds a stakeholder with a command and
 * then answers the stance question it asks, alternately by typing the
 * answer and by pressing the first button of the question (a callback
 * query carrying the button's own data, as the bot drew it). Whatever bot
 * is talking (Baraza, or a bare one that draws no buttons) gets the same
 * kinds of update.
 */
import type { Update } from "grammy/types";

/** The group the bench's people are members of, and the first person's user id. */
export const GROUP_CHAT = -1001000000001;
export const FIRST_PERSON = 7_000_001;

export const personId = (index: number): number => FIRST_PERSON + index;
export const personName = (index: number): string => `Person ${index + 1}`;

/** The buttons under the last message the bot sent to a chat that had any. */
interface Keyboard {
  messageId: number;
  data: string[];
}

/** What a bot sent, as far as the talk needs it: per chat, the last keyboard, and how many calls answered there. */
export class Talk {
  private readonly keyboards = new Map<number, Keyboard>();
  private readonly answers = new Map<number, number>();
  private readonly steps = new Map<number, number>();
  private readonly perPerson = new Map<number, number>();
  private nextUpdateId: number;
  /** Updates made so far. */
  sent = 0;

  constructor(firstUpdateId = 1) {
    this.nextUpdateId = firstUpdateId;
  }

  /** Takes note of a Bot API call the bot made (its method, its payload, and the message id it was answered with). */
  saw(method: string, payload: Record<string, unknown>, messageId: number | undefined): void {
    const chatId = Number(payload["chat_id"]);
    if (method === "answerCallbackQuery") {
      const presser = Number(String(payload["callback_query_id"]).split("-")[0]);
      this.answers.set(presser, (this.answers.get(presser) ?? 0) + 1);
      return;
    }
    if (!Number.isFinite(chatId)) return;
    this.answers.set(chatId, (this.answers.get(chatId) ?? 0) + 1);
    const data = callbackData(payload["reply_markup"]);
    if (method === "sendMessage" && messageId !== undefined && data.length > 0) this.keyboards.set(chatId, { messageId, data });
  }

  /** How many calls so far answered in a chat (sends, edits, and notices to a presser there). */
  answered(chatId: number): number {
    return this.answers.get(chatId) ?? 0;
  }

  /** How many updates so far came from a person (from their private chat). */
  sentTo(chatId: number): number {
    return this.perPerson.get(chatId) ?? 0;
  }

  /** Whether the bot has ever drawn buttons in the chat. */
  hasButtons(chatId: number): boolean {
    return this.keyboards.has(chatId);
  }

  /** How many people have talked so far. */
  get people(): number {
    return this.steps.size;
  }

  /** The next update from the person with this index, in their private chat. */
  next(index: number): Update {
    const step = this.steps.get(index) ?? 0;
    this.steps.set(index, step + 1);
    const id = personId(index);
    const updateId = this.nextUpdateId++;
    this.sent += 1;
    this.perPerson.set(id, (this.perPerson.get(id) ?? 0) + 1);
    const from = { id, is_bot: false, first_name: personName(index) };
    const chat = { id, type: "private" as const, first_name: from.first_name };
    const round = Math.floor(step / 2);
    if (step % 2 === 0) return { update_id: updateId, message: { message_id: updateId, date: 0, chat, from, text: `/stakeholders add Office ${round + 1} of ${from.first_name}` } };
    const keyboard = this.keyboards.get(id);
    if (round % 2 === 0) return { update_id: updateId, message: { message_id: updateId, date: 0, chat, from, text: "1" } };
    // A bot that drew no buttons (the bare ones) gets a press all the same, on a button of the core's form.
    return {
      update_id: updateId,
      callback_query: {
        id: `${id}-${updateId}`,
        from,
        chat_instance: String(id),
        data: keyboard?.data[0] ?? "q::1",
        message: { message_id: keyboard?.messageId ?? 1, date: 0, chat, from: { id: 1, is_bot: true, first_name: "Bot" }, text: "" },
      },
    };
  }
}

/** The callback data of every button in an inline keyboard (grammY's payload, or its JSON). */
function callbackData(markup: unknown): string[] {
  const parsed: unknown = typeof markup === "string" ? JSON.parse(markup) : markup;
  if (typeof parsed !== "object" || parsed === null || !("inline_keyboard" in parsed) || !Array.isArray(parsed.inline_keyboard)) return [];
  const data: string[] = [];
  for (const row of parsed.inline_keyboard.flat()) {
    if (typeof row === "object" && row !== null && "callback_data" in row && typeof row.callback_data === "string") data.push(row.callback_data);
  }
  return data;
}
