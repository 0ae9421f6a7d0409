/**
 * Inbound messages as the Telegram updates that carry them, so the same
 * message can be handed to `baraza.handle` or posted to the real webhook:
 * a text, or a press of a button whose data the adapter itself would draw.
 */
import type { Update } from "grammy/types";
import { buttonData } from "../bots/telegram/inbound.ts";
import type { Inbound } from "../flows/messages.ts";
import { BOT_INFO } from "./fake-bot-api.ts";

/** The update Telegram would send for `inbound`, numbered `updateId`. */
export function telegramUpdate(inbound: Inbound, updateId: number): Update {
  const from = { id: Number(inbound.sender.id), is_bot: false, first_name: inbound.sender.name };
  const chat =
    inbound.chat.kind === "group"
      ? { id: Number(inbound.chat.id), type: "supergroup" as const, title: "Ward 4 Safety Group" }
      : { id: Number(inbound.chat.id), type: "private" as const, first_name: inbound.sender.name };
  if (inbound.interaction?.kind === "press") {
    const data = buttonData(inbound.interaction.question, inbound.text) ?? "";
    return {
      update_id: updateId,
      callback_query: { id: `press-${updateId}`, from, chat_instance: "reliability", data, message: { message_id: 1, date: 0, from: { ...BOT_INFO }, chat, text: "A question" } },
    };
  }
  const command = /^\/\S+/.exec(inbound.text)?.[0];
  return {
    update_id: updateId,
    message: { message_id: updateId, date: 0, from, chat, text: inbound.text, ...(command ? { entities: [{ type: "bot_command" as const, offset: 0, length: command.length }] } : {}) },
  };
}
