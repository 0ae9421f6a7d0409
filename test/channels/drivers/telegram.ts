/**
 * Telegram as the contract suite drives it: the real bot (grammY and the
 * adapter) fed updates as Telegram sends them, talking to the fake Bot API,
 * and what people saw rebuilt from the calls the fake recorded: messages
 * sent and later rewritten or stripped of their buttons, files, and the
 * notices answering a press, which only the presser sees.
 */
import { Duration } from "luxon";
import type { Update } from "grammy/types";
import { startTelegramTest } from "../../bots/telegram/setup.ts";
import { message, press, type ApiCall, type Button, type Person, type Upload } from "../../bots/telegram/fake-bot-api.ts";
import { displayName, type ChannelDriver, type ChannelWorld, type ChatKind, type Shown } from "../world.ts";

const LOCALE = "en";
const GROUP_CHAT = -100200300;
const FORBIDDEN = { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" };

export const telegramDriver: ChannelDriver = {
  name: "telegram",
  async open(): Promise<ChannelWorld> {
    const { harness, api, telegram } = await startTelegramTest();
    const people = new Map<string, Person>();
    const personOf = (name: string): Person => {
      const known = people.get(name);
      if (known) return known;
      const person = { id: 701 + people.size, first_name: displayName(name) };
      people.set(name, person);
      return person;
    };
    const chatOf = (person: Person, where: ChatKind) => (where === "group" ? GROUP_CHAT : person.id);
    /** Who pressed, where, for each press: its answer is a notice to them alone. */
    const presses = new Map<string, { person: string; chatId: string }>();
    let last: Update | undefined;
    const feed = async (update: Update) => {
      last = update;
      await telegram.bot.handleUpdate(update);
    };
    const record = () => shownByChat(api.calls, presses);

    return {
      capabilities: telegram.capabilities,
      store: harness.store,
      t: (key, vars) => harness.texts.t(LOCALE, key, vars),
      async write(name, where, text) {
        const person = personOf(name);
        await feed(message(person, chatOf(person, where), text));
      },
      async press(name, where, ref, label) {
        const person = personOf(name);
        const chatId = chatOf(person, where);
        const drawn = buttonsEverUnder(api.calls, String(chatId), Number(ref));
        const button = drawn.find((b) => b.text.includes(label));
        if (!button?.callback_data) throw new Error(`No button "${label}" was ever under message ${ref}: ${drawn.map((b) => b.text).join(" | ") || "none"}`);
        const update = press(person, chatId, button.callback_data, undefined, Number(ref));
        presses.set(update.callback_query?.id ?? "", { person: name, chatId: String(chatId) });
        await feed(update);
      },
      async redeliver() {
        if (!last) throw new Error("Nothing was delivered yet");
        await telegram.bot.handleUpdate(last);
      },
      unreachable(name) {
        api.refuse("sendMessage", 403, FORBIDDEN, personOf(name).id);
      },
      reachable() {
        api.forgive();
      },
      async wait(hours) {
        harness.clock.advance(Duration.fromObject({ hours }));
        await harness.baraza.deliverDue((outbound) => telegram.send(outbound));
      },
      seen: (name) => record().get(String(personOf(name).id)) ?? [],
      seenIn(_group, name) {
        const shown = record().get(String(GROUP_CHAT)) ?? [];
        return shown.filter((s) => s.onlyTo === undefined || (name !== undefined && s.onlyTo === name));
      },
      async close() {
        await api.close();
        await harness.close();
      },
    };
  },
};

/** What each chat shows now, by chat id, from the Bot API calls that succeeded. */
function shownByChat(calls: ApiCall[], pressed: Map<string, { person: string; chatId: string }>): Map<string, Shown[]> {
  const chats = new Map<string, Shown[]>();
  const inChat = (chatId: string) => chats.get(chatId) ?? chats.set(chatId, []).get(chatId) ?? [];
  const find = (call: ApiCall) => inChat(String(call.payload["chat_id"])).find((s) => s.ref === String(call.payload["message_id"]));
  for (const call of calls) {
    const chatId = String(call.payload["chat_id"]);
    const text = typeof call.payload["text"] === "string" ? call.payload["text"] : "";
    switch (call.method) {
      case "sendMessage":
        if (call.messageId !== undefined) inChat(chatId).push({ ref: String(call.messageId), text, choices: labels(call.payload["reply_markup"]), files: [] });
        break;
      case "sendDocument":
      case "sendPhoto": {
        const upload = call.payload[call.method === "sendPhoto" ? "photo" : "document"];
        const caption = typeof call.payload["caption"] === "string" ? call.payload["caption"] : "";
        if (call.messageId !== undefined) inChat(chatId).push({ ref: String(call.messageId), text: caption, choices: [], files: isUpload(upload) ? [upload.filename] : [] });
        break;
      }
      case "editMessageText": {
        const shown = find(call);
        if (shown) Object.assign(shown, { text, choices: labels(call.payload["reply_markup"]) });
        break;
      }
      case "editMessageReplyMarkup": {
        const shown = find(call);
        if (shown) shown.choices = labels(call.payload["reply_markup"]);
        break;
      }
      case "answerCallbackQuery": {
        const id = String(call.payload["callback_query_id"]);
        const by = pressed.get(id);
        const notice = call.payload["text"] ?? call.payload["url"];
        if (by && typeof notice === "string") inChat(by.chatId).push({ ref: `notice-${id}`, text: notice, choices: [], onlyTo: by.person, files: [] });
        break;
      }
    }
  }
  return chats;
}

/** Every button ever drawn under one message (sent with it, or edited in), newest first. */
function buttonsEverUnder(calls: ApiCall[], chatId: string, messageId: number): Button[] {
  const drawn: Button[] = [];
  for (const call of calls) {
    if (String(call.payload["chat_id"]) !== chatId) continue;
    const sent = call.method === "sendMessage" && call.messageId === messageId;
    const edited = (call.method === "editMessageText" || call.method === "editMessageReplyMarkup") && Number(call.payload["message_id"]) === messageId;
    if (sent || edited) drawn.unshift(...buttons(call.payload["reply_markup"]));
  }
  return drawn;
}

/** The labels of the buttons a press answers (links are not choices). */
function labels(markup: unknown): string[] {
  return buttons(markup)
    .filter((b) => b.callback_data !== undefined)
    .map((b) => b.text);
}

function buttons(markup: unknown): Button[] {
  const parsed: unknown = typeof markup === "string" ? JSON.parse(markup) : markup;
  if (typeof parsed !== "object" || parsed === null || !("inline_keyboard" in parsed) || !Array.isArray(parsed.inline_keyboard)) return [];
  return parsed.inline_keyboard.flat().filter(isButton);
}

function isButton(value: unknown): value is Button {
  return typeof value === "object" && value !== null && "text" in value && typeof value.text === "string";
}

function isUpload(value: unknown): value is Upload {
  return typeof value === "object" && value !== null && "filename" in value && typeof value.filename === "string";
}
