/**
 * Neutral `Outbound` messages as Bot API calls.
 *
 * A "person" destination is written to in private: a private chat with a bot
 * has the person's user id as its chat id. Texts over Telegram's limit are
 * split (never inside a character); choices become an inline keyboard under
 * the last piece, while typing the number keeps working; files follow their
 * caption, PNG images as photos and anything else as documents.
 */
import { InlineKeyboard, InputFile, type Api } from "grammy";
import type { Choice, Destination, Outbound, OutboundFile } from "../../flows/messages.ts";
import { splitText } from "../../flows/split.ts";
import { RESUME } from "../../flows/start.ts";
import { choiceData } from "./inbound.ts";

/** Telegram's longest message text, in UTF-16 code units. */
export const TEXT_LIMIT = 4096;

/** Labels up to this long share a row, three to a row; a longer one has a row of its own. */
const SHORT_LABEL = 12;
/** Button texts are cut here: a longer one would be cut by the app anyway, and less kindly. */
const BUTTON_LIMIT = 60;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The chat a message goes to. */
export function chatIdOf(to: Destination): string {
  return to.kind === "chat" ? to.chatId : to.userId;
}

/** The link that opens the bot's private chat and takes up the question waiting there (`/start resume`). */
export function privateChatLink(botUsername: string): string {
  return `https://t.me/${botUsername}?start=${RESUME}`;
}

/** Sends one message; resolves once Telegram has accepted every part of it. */
export async function sendOutbound(api: Api, message: Outbound, botUsername: string): Promise<void> {
  const chatId = chatIdOf(message.to);
  const pieces = message.text === "" ? [] : splitText(message.text, TEXT_LIMIT);
  for (const [index, piece] of pieces.entries()) {
    const last = index === pieces.length - 1;
    await api.sendMessage(chatId, piece, last ? markupOf(message, botUsername) : {});
  }
  for (const file of message.files ?? []) await sendFile(api, chatId, file);
}

/**
 * The buttons under a message: its choices; or a button into the private
 * chat; or, for a typed answer in a group, a request to reply, since with
 * privacy mode on the bot sees only commands and replies to it.
 */
function markupOf(message: Outbound, botUsername: string) {
  if (message.choices && message.choices.length > 0) return { reply_markup: choiceKeyboard(message.choices) };
  if (message.privateChatButton && message.to.kind === "chat") return { reply_markup: new InlineKeyboard().url(message.privateChatButton, privateChatLink(botUsername)) };
  if (message.expectsReply && message.to.kind === "chat") return { reply_markup: { force_reply: true as const } };
  return {};
}

async function sendFile(api: Api, chatId: string, file: OutboundFile): Promise<void> {
  const input = new InputFile(file.data, file.name);
  if (file.mime === "image/png") await api.sendPhoto(chatId, input);
  else await api.sendDocument(chatId, input);
}

/** One button per choice: short labels three to a row, a long one alone. */
export function choiceKeyboard(choices: Choice[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  let inRow = 0;
  let rowIsFull = false;
  for (const choice of choices) {
    const short = choice.label.length <= SHORT_LABEL;
    if (inRow > 0 && (rowIsFull || !short)) {
      keyboard.row();
      inRow = 0;
    }
    keyboard.text(buttonText(choice), choiceData(choice.number));
    inRow += 1;
    rowIsFull = !short || inRow === 3;
  }
  return keyboard;
}

function buttonText(choice: Choice): string {
  const text = `${choice.number}. ${choice.label}`;
  if (text.length <= BUTTON_LIMIT) return text;
  let cut = "";
  for (const { segment } of graphemes.segment(text)) {
    if (cut.length + segment.length > BUTTON_LIMIT - 1) break;
    cut += segment;
  }
  return `${cut}…`;
}
