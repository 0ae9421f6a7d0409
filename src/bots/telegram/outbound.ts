/**
 * Neutral `Outbound` messages as Bot API calls.
 *
 * A "person" destination is written to in private: a private chat with a bot
 * has the person's user id as its chat id. The core has already fitted the
 * text to Telegram's limit (a mention added here may split it once more,
 * never inside a character); choices become an inline keyboard under the
 * last piece, while typing the number keeps working; links become URL
 * buttons; files follow their caption, PNG images as photos and anything
 * else as documents.
 */
import { GrammyError, InlineKeyboard, InputFile, type Api } from "grammy";
import type { MessageEntity } from "grammy/types";
import { cutToLength } from "../../domain/text.ts";
import type { Choice, Destination, Outbound, OutboundFile } from "../../flows/messages.ts";
import { splitText } from "../../flows/split.ts";
import { RESUME } from "../../flows/start.ts";
import { buttonData } from "./inbound.ts";


/** Telegram's longest message text, in UTF-16 code units. */
export const TEXT_LIMIT = 4096;

/** Labels up to this long share a row, three to a row; a longer one has a row of its own. */
const SHORT_LABEL = 12;
/** Button texts are cut here: a longer one would be cut by the app anyway, and less kindly. */
const BUTTON_LIMIT = 60;

/** The chat a message goes to. */
export function chatIdOf(to: Destination): string {
  return to.kind === "chat" ? to.chatId : to.userId;
}

/** The link that opens the bot's private chat and takes up the question waiting there (`/start resume`). */
export function privateChatLink(botUsername: string): string {
  return `https://t.me/${botUsername}?start=${RESUME}`;
}

/**
 * Sends one message; resolves once Telegram has accepted every part of it
 * (and, if asked, the bot has left the chat), with the message that carries
 * its buttons, if it has any, or else the last one sent.
 */
export async function sendOutbound(api: Api, message: Outbound, botUsername: string): Promise<SentMessage | undefined> {
  if (message.leave) return goodbye(api, message, botUsername);
  const chatId = chatIdOf(message.to);
  const asked = askedOf(message);
  const mention = mentionOf(message, asked);
  const pieces = message.text === "" ? [] : splitText(message.text, TEXT_LIMIT - (mention?.prefix.length ?? 0));
  let withButtons: SentMessage | undefined;
  let lastSent: SentMessage | undefined;
  for (const [index, piece] of pieces.entries()) {
    const last = index === pieces.length - 1;
    const sent = last && mention
      ? await api.sendMessage(chatId, mention.prefix + piece, { ...markupOf(message, botUsername, asked), entities: [mention.entity] })
      : await api.sendMessage(chatId, piece, last ? markupOf(message, botUsername, asked) : {});
    lastSent = { chatId, messageId: sent.message_id };
    if (last && message.choices?.length) withButtons = lastSent;
  }
  for (const file of message.files ?? []) lastSent = { chatId, messageId: await sendFile(api, chatId, file) };
  return withButtons ?? lastSent;
}

/**
 * Says goodbye and leaves the chat. A bot already removed from it, or from
 * a group since upgraded to a supergroup (whose new id has a deadline of its
 * own), can do neither (Telegram answers 400 or 403), and is where it meant
 * to be.
 */
async function goodbye(api: Api, message: Outbound, botUsername: string): Promise<undefined> {
  const gone = (error: unknown) => {
    if (!(error instanceof GrammyError && (error.error_code === 400 || error.error_code === 403))) throw error;
  };
  await sendOutbound(api, { ...message, leave: false }, botUsername).catch(gone);
  await api.leaveChat(chatIdOf(message.to)).catch(gone);
  return undefined;
}

/**
 * Whom a typed question in a group is for (`Outbound.input`): the person
 * whose message it answers, or, after a button press (no message of theirs
 * to reply to), the person, named at its start as a mention.
 */
type Asked = { messageId: number } | { user: { id: number; name: string } };

function askedOf(message: Outbound): Asked | undefined {
  const input = message.input;
  if (!input || message.to.kind !== "chat") return undefined;
  const replyTo = Number(input.replyTo);
  if (input.replyTo !== undefined && Number.isSafeInteger(replyTo)) return { messageId: replyTo };
  const id = Number(input.person.id);
  return Number.isSafeInteger(id) ? { user: { id, name: input.person.name } } : undefined;
}

/** A message the bot sent, as the Bot API names it. */
export interface SentMessage {
  chatId: string;
  messageId: number;
}

/** Writes `message` (text and buttons) over a message sent; a rewrite into what it already is counts as done. */
export async function editOutbound(api: Api, sent: SentMessage, message: Outbound, botUsername: string): Promise<void> {
  try {
    await api.editMessageText(sent.chatId, sent.messageId, message.text, inlineMarkupOf(message, botUsername));
  } catch (error) {
    if (!unchanged(error)) throw error;
  }
}

/** Takes a message's buttons away. */
export async function clearButtons(api: Api, sent: SentMessage): Promise<void> {
  await api.editMessageReplyMarkup(sent.chatId, sent.messageId).catch((error: unknown) => {
    // Already without buttons (a press raced another), or too old to edit: the buttons only stay, and a press on them is refused.
    if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
  });
}

/** Telegram's refusal to edit a message into what it already is. */
function unchanged(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /not modified/i.test(error.description);
}

/**
 * The buttons under a message: its choices; or its links (into the private
 * chat, from a group; adding the bot to a group); or, for a typed answer in
 * a group, a request to reply, since with
 * privacy mode on the bot sees only commands and replies to it. Sent as a
 * reply to the message of the person answering, or naming them (`asked`),
 * the request is theirs alone (`selective`): the others' apps do not open a
 * reply to it.
 */
function markupOf(message: Outbound, botUsername: string, asked?: Asked) {
  const inline = inlineMarkupOf(message, botUsername);
  if (inline.reply_markup) return inline;
  if (message.input && message.to.kind === "chat") {
    if (asked === undefined) return { reply_markup: { force_reply: true as const } };
    if ("user" in asked) return { reply_markup: { force_reply: true as const, selective: true } };
    return { reply_markup: { force_reply: true as const, selective: true }, reply_parameters: { message_id: asked.messageId, allow_sending_without_reply: true } };
  }
  return {};
}

/**
 * A typed question in a group after a press starts with the presser's name
 * as a mention (a `text_mention`, which needs no username): `selective`
 * then asks them alone for the reply.
 */
function mentionOf(message: Outbound, asked?: Asked): { prefix: string; entity: MessageEntity } | undefined {
  if (!asked || !("user" in asked) || message.choices?.length) return undefined;
  const name = asked.user.name.trim() === "" ? "…" : asked.user.name;
  return { prefix: `${name}\n`, entity: { type: "text_mention", offset: 0, length: name.length, user: { id: asked.user.id, is_bot: false, first_name: name } } };
}

/** The buttons a message can carry when it is edited in (inline ones only). */
function inlineMarkupOf(message: Outbound, botUsername: string): { reply_markup?: InlineKeyboard } {
  if (message.choices && message.choices.length > 0) return { reply_markup: choiceKeyboard(message.choices, message.question) };
  const links = (message.links ?? []).filter((link) => link.kind !== "open-private" || message.to.kind === "chat");
  if (links.length === 0) return {};
  const keyboard = new InlineKeyboard();
  for (const [index, link] of links.entries()) {
    if (index > 0) keyboard.row();
    keyboard.url(link.label, link.kind === "open-private" ? privateChatLink(botUsername) : addToGroupLink(botUsername, link.code));
  }
  return { reply_markup: keyboard };
}

/** The link that lets someone pick a group, adds the bot to it, and sends `/start CODE` there, which sets the group up with the invitation. */
function addToGroupLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?startgroup=${encodeURIComponent(code)}`;
}

/** Sends one file; resolves with its message's id. */
async function sendFile(api: Api, chatId: string, file: OutboundFile): Promise<number> {
  const input = new InputFile(file.data, file.name);
  const sent = file.mime === "image/png" ? await api.sendPhoto(chatId, input) : await api.sendDocument(chatId, input);
  return sent.message_id;
}

/** One button per choice (short labels three to a row, a long one alone), each carrying the question it answers. */
export function choiceKeyboard(choices: Choice[], question?: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  let inRow = 0;
  let rowIsFull = false;
  for (const choice of choices) {
    const short = choice.label.length <= SHORT_LABEL;
    if (inRow > 0 && (rowIsFull || !short)) {
      keyboard.row();
      inRow = 0;
    }
    const data = buttonData(question, choice.answer ?? String(choice.number));
    if (data === null) throw new Error("Core bug: a button's answer too long for Telegram's callback data");
    keyboard.text(buttonText(choice), data);
    inRow += 1;
    rowIsFull = !short || inRow === 3;
  }
  return keyboard;
}

/** `2. Label`, or the label alone for a button that is not answered by its number; cut to fit. */
function buttonText(choice: Choice): string {
  const text = choice.answer === undefined ? `${choice.number}. ${choice.label}` : choice.label;
  return text.length <= BUTTON_LIMIT ? text : `${cutToLength(text, BUTTON_LIMIT - 1)}…`;
}
