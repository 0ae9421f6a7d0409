import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCALES } from "../../../src/domain/locales.ts";
import { Undeliverable } from "../../../src/flows/jobs.ts";
import { botMembership, message, press } from "./fake-bot-api.ts";
import { AMINA, BOSCO, GROUP_CHAT, startTelegramTest, type TelegramTest } from "./setup.ts";

let t: TelegramTest;
beforeEach(async () => {
  t = await startTelegramTest();
});
afterEach(() => t.close());

const BURMESE_CHOSEN = "အခုကစပြီး သင့်ဆီကို မြန်မာဘာသာနဲ့ ရေးပါမယ်။";
const STALE = "That button belongs to a question that is no longer waiting for your answer, so nothing was changed.";

function sent(method: string) {
  return t.api.calls.filter((call) => call.method === method);
}

describe("Telegram: groups", () => {
  it("answers a command in a group in the group's chat", async () => {
    await t.feed(message(AMINA, GROUP_CHAT, "/help"));
    const [help] = t.api.textsTo(GROUP_CHAT);
    expect(help).toContain("/step — where the group is");
  });

  it("reads /vote@BarazaBot 1 1 3 as /vote 1 1 3", async () => {
    await t.feed(message(AMINA, GROUP_CHAT, "/vote 1 1 3"));
    await t.feed(message(BOSCO, GROUP_CHAT, "/vote@BarazaBot 1 1 3"));
    const [plain, addressed] = t.api.textsTo(GROUP_CHAT);
    expect(addressed).toBe(plain);
    expect(addressed).not.toContain("/vote@");
  });

  it("leaves a command addressed to another bot alone", async () => {
    await t.feed(message(AMINA, GROUP_CHAT, "/vote@OtherBot 1 1 3"));
    expect(t.api.calls).toEqual([]);
  });

  it("stays quiet while people talk among themselves", async () => {
    await t.feed(message(AMINA, GROUP_CHAT, "see you at the meeting"));
    expect(t.api.calls).toEqual([]);
  });
});

describe("Telegram: private chats and buttons", () => {
  it("shows choices as inline buttons and takes a press as the answer, taking the pressed buttons away", async () => {
    await t.feed(message(AMINA, AMINA.id, "/start"));
    const [question] = sent("sendMessage");
    expect(question?.payload["chat_id"]).toBe(String(AMINA.id));
    // Every language shipped, each by its own name, short labels three to a row.
    const keyboard = (question?.payload["reply_markup"] as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
    expect(keyboard.flat()).toEqual(LOCALES.map((locale, index) => ({ text: `${index + 1}. ${t.harness.texts.t(locale, "language.name")}`, callback_data: expect.stringMatching(new RegExp(`^q:[\\w-]{12}:${index + 1}$`)) })));
    expect(keyboard.slice(0, 1)).toEqual([[expect.objectContaining({ text: "1. English" }), expect.objectContaining({ text: "2. မြန်မာ" }), expect.objectContaining({ text: "3. नेपाली" })]]);

    await t.pressButton(AMINA, AMINA.id, "မြန်မာ");
    expect(sent("answerCallbackQuery")).toHaveLength(1);
    expect(t.api.textsTo(AMINA.id).at(-1)).toBe(BURMESE_CHOSEN);
    expect(sent("editMessageReplyMarkup").map((call) => call.payload)).toEqual([{ chat_id: String(AMINA.id), message_id: question?.messageId }]);
    expect(t.api.keyboardIn(AMINA.id)).toBeNull();
  });

  it("still takes the typed number as the answer, and takes the answered question's buttons away", async () => {
    await t.feed(message(AMINA, AMINA.id, "/start"));
    await t.feed(message(AMINA, AMINA.id, "2"));
    expect(t.api.textsTo(AMINA.id).at(-1)).toBe(BURMESE_CHOSEN);
    expect(t.api.keyboardIn(AMINA.id)).toBeNull();
  });

  it("changes nothing when Telegram delivers the same update again", async () => {
    await t.feed(message(AMINA, AMINA.id, "/start"));
    const keyboard = t.api.keyboardIn(AMINA.id);
    const choice = press(AMINA, AMINA.id, keyboard?.buttons[1]?.callback_data ?? "", undefined, keyboard?.messageId);
    await t.feed(choice);
    const before = t.api.textsTo(AMINA.id);
    await t.feed(choice);
    expect(t.api.textsTo(AMINA.id)).toEqual(before);
    // The repeated press is still answered, so the app stops waiting.
    expect(sent("answerCallbackQuery")).toHaveLength(2);
  });

  it("answers a second press of an answered question to the presser alone, and counts it as nothing", async () => {
    await t.feed(message(AMINA, AMINA.id, "/start"));
    const keyboard = t.api.keyboardIn(AMINA.id);
    const data = keyboard?.buttons[1]?.callback_data ?? "";
    await t.feed(press(AMINA, AMINA.id, data, undefined, keyboard?.messageId));
    const before = t.api.textsTo(AMINA.id);
    await t.feed(press(AMINA, AMINA.id, keyboard?.buttons[0]?.callback_data ?? "", undefined, keyboard?.messageId));
    expect(t.api.textsTo(AMINA.id)).toEqual(before);
    expect(sent("answerCallbackQuery").at(-1)?.payload["text"]).toBe(t.harness.texts.t("my", "conversation.stale-button"));
    expect((await t.harness.store.people.find("telegram", String(AMINA.id)))?.locale).toBe("my");
  });

  it("answers a press on a button it does not know as out of date, without a message in the chat", async () => {
    await t.feed(message(AMINA, AMINA.id, "/help"));
    const before = sent("sendMessage").length;
    await t.feed(press(AMINA, AMINA.id, "something-old"));
    expect(sent("answerCallbackQuery").map((c) => c.payload["text"])).toEqual([STALE]);
    expect(sent("sendMessage")).toHaveLength(before);
  });
});

describe("Telegram: reliability", () => {
  it("waits out a 429 for its retry_after and sends again", async () => {
    t.api.failNext("sendMessage", 429, { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    const started = Date.now();
    await t.feed(message(AMINA, GROUP_CHAT, "/help"));
    expect(sent("sendMessage")).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(t.api.textsTo(GROUP_CHAT)[1]).toContain("/step — where the group is");
  });

  it("logs a reply Telegram will not take, without its text, and goes on", async () => {
    t.api.refuse("sendMessage", 403, { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await t.feed(message(AMINA, AMINA.id, "/help"));
    expect(t.logged).toContainEqual(expect.objectContaining({ event: "delivery-failed", platform: "telegram", to: "person", error: "Undeliverable" }));
    expect(JSON.stringify(t.logged)).not.toContain("where the group is");
  });

  it("sets the command menu in every shipped language", async () => {
    expect(await t.telegram.setCommands()).toBe(true);
    const menus = sent("setMyCommands");
    expect(menus.map((m) => m.payload["language_code"])).toEqual([undefined, ...LOCALES]);
    for (const [index, locale] of LOCALES.entries()) {
      const commands = menus[index + 1]?.payload["commands"] as { command: string; description: string }[];
      expect(commands).toContainEqual({ command: "help", description: t.harness.texts.t(locale, "help.commands.help.summary") });
      // Telegram refuses a whole menu with one description longer than 256 characters.
      expect(commands.filter((command) => command.description.length > 256 || command.description.length === 0)).toEqual([]);
    }
  });

  it("starts anyway when Telegram refuses the command menu", async () => {
    t.api.refuse("setMyCommands", 500, { ok: false, error_code: 500, description: "Internal Server Error" });
    expect(await t.telegram.setCommands()).toBe(false);
    expect(t.logged).toContainEqual(expect.objectContaining({ event: "telegram-commands-refused", code: 500 }));
    await t.feed(message(AMINA, AMINA.id, "/start"));
    expect(t.api.textsTo(AMINA.id)[0]).toContain("Hello! I am Baraza.");
  });
});

describe("Telegram: people the bot may not write to", () => {
  beforeEach(async () => {
    const store = t.harness.store;
    const programme = await store.programmes.create("Test programme");
    const group = await store.groups.create({ platform: "telegram", chatId: String(GROUP_CHAT), locale: "en", timeZone: "Asia/Yangon" });
    await store.groups.update(group.id, { programmeId: programme.id, name: "Ward 4 Safety Group", setupAt: new Date("2026-11-01T00:00:00Z") });
  });

  it("tells someone in the group to open a private chat first when Telegram refuses to let the bot write to them", async () => {
    t.api.refuse("sendMessage", 403, { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" }, AMINA.id);
    await t.feed(message(AMINA, GROUP_CHAT, "/join"));
    expect(t.api.textsTo(GROUP_CHAT)).toEqual(["\u2068Amina\u2069, I cannot write to you until you open a private chat with me: https://t.me/BarazaBot?start=resume Press Start there, and I will ask you what I wanted to ask."]);
  });

  it("never tells the group it has written in private when Telegram refused the private message", async () => {
    const refused = { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" };
    t.api.refuse("sendMessage", 403, refused, BOSCO.id);
    await t.feed(message(BOSCO, GROUP_CHAT, "/join"));
    await t.feed(message(AMINA, GROUP_CHAT, "/join"));
    const [bosco, amina] = t.api.textsTo(GROUP_CHAT);
    expect(bosco).toContain("Bosco\u2069, I cannot write to you until you open a private chat with me");
    expect(amina).toBe("\u2068Amina\u2069, I have written to you in a private chat.");
    expect(t.api.textsTo(GROUP_CHAT)).toHaveLength(2);
  });

  it("does not count a privacy notice Telegram refused as given, and gives it when the person first reaches the bot", async () => {
    const refused = { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" };
    const notice = t.harness.texts.t("en", "privacy.notice");
    t.api.refuse("sendMessage", 403, refused, BOSCO.id);
    await t.feed(message(BOSCO, GROUP_CHAT, "/join"));
    expect((await t.harness.store.people.find("telegram", String(BOSCO.id)))?.privacyNoticeAt).toBeNull();
    t.api.forgive();
    await t.feed(message(BOSCO, BOSCO.id, "/start resume"));
    const [first] = t.api.textsTo(BOSCO.id).filter((text) => text !== "");
    expect(first?.startsWith(notice)).toBe(true);
    expect(first).toContain("Do you agree to take part?");
    expect((await t.harness.store.people.find("telegram", String(BOSCO.id)))?.privacyNoticeAt).not.toBeNull();
  });

  it("gives the notice with a plain /start too, and keeps the question waiting there", async () => {
    const refused = { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" };
    t.api.refuse("sendMessage", 403, refused, BOSCO.id);
    await t.feed(message(BOSCO, GROUP_CHAT, "/join"));
    t.api.forgive();
    await t.feed(message(BOSCO, BOSCO.id, "/start"));
    const reply = t.api.textsTo(BOSCO.id).at(-1) ?? "";
    expect(reply.startsWith(t.harness.texts.t("en", "privacy.notice"))).toBe(true);
    expect(reply).toContain("Hello! I am Baraza.");
    expect(reply).toContain("Do you agree to take part?");
    // The consent question still waits: answering it makes Bosco a member.
    await t.pressButton(BOSCO, BOSCO.id, 1);
    const group = await t.harness.store.groups.find("telegram", String(GROUP_CHAT));
    const bosco = await t.harness.store.people.find("telegram", String(BOSCO.id));
    expect((await t.harness.store.memberships.get(group?.id ?? -1, bosco?.id ?? -1))?.consentAt).not.toBeNull();
  });

  it("says so in the group's language", async () => {
    const group = await t.harness.store.groups.find("telegram", String(GROUP_CHAT));
    await t.harness.store.groups.update(group?.id ?? -1, { locale: "my" });
    t.api.refuse("sendMessage", 403, { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" }, AMINA.id);
    await t.feed(message(AMINA, GROUP_CHAT, "/join"));
    expect(t.api.textsTo(GROUP_CHAT).at(-1)).toBe(t.harness.texts.t("my", "telegram:open-private", { name: "\u2068Amina\u2069", link: "https://t.me/BarazaBot?start=resume" }));
  });

  it("lays it out right to left in an Arabic group, where it starts with the person's name", async () => {
    const group = await t.harness.store.groups.find("telegram", String(GROUP_CHAT));
    await t.harness.store.groups.update(group?.id ?? -1, { locale: "ar" });
    t.api.refuse("sendMessage", 403, { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" }, AMINA.id);
    await t.feed(message(AMINA, GROUP_CHAT, "/join"));
    expect(t.api.textsTo(GROUP_CHAT).at(-1)).toBe(`\u200f${t.harness.texts.t("ar", "telegram:open-private", { name: "\u2068Amina\u2069", link: "https://t.me/BarazaBot?start=resume" })}`);
  });

  it("says nothing more when the private message went through", async () => {
    await t.feed(message(AMINA, GROUP_CHAT, "/join"));
    expect(t.api.textsTo(AMINA.id)[0]).toContain("Do you agree to take part?");
    expect(t.api.textsTo(GROUP_CHAT).join("\n")).not.toContain("https://t.me/");
    // Said in the group only once the private message was delivered.
    const chats = sent("sendMessage").map((call) => String(call.payload["chat_id"]));
    expect(chats).toEqual([String(AMINA.id), String(GROUP_CHAT)]);
    expect(t.api.textsTo(GROUP_CHAT)).toEqual(["\u2068Amina\u2069, I have written to you in a private chat."]);
  });
});

describe("Telegram: being added to groups, and leaving them", () => {
  it("explains, in a group it is added to, that it needs an invitation", async () => {
    await t.feed(botMembership(AMINA, GROUP_CHAT, { from: "left", to: "member" }));
    expect(t.api.textsTo(GROUP_CHAT)).toHaveLength(1);
    expect(t.api.textsTo(GROUP_CHAT)[0]).toContain("send /setup CODE here within 15 minutes");
  });

  it("says nothing when it is only made an administrator", async () => {
    await t.feed(botMembership(AMINA, GROUP_CHAT, { from: "member", to: "administrator" }));
    expect(t.api.calls).toEqual([]);
  });

  it("leaves the chat when a message asks it to, saying nothing when the message is empty", async () => {
    await t.telegram.send({ to: { kind: "chat", platform: "telegram", chatId: String(GROUP_CHAT) }, text: "", leave: true });
    expect(t.api.calls.map((c) => c.method)).toEqual(["leaveChat"]);
    expect(sent("leaveChat")[0]?.payload["chat_id"]).toBe(String(GROUP_CHAT));
    await t.telegram.send({ to: { kind: "chat", platform: "telegram", chatId: String(GROUP_CHAT) }, text: "Goodbye", leave: true });
    expect(t.api.calls.map((c) => c.method)).toEqual(["leaveChat", "sendMessage", "leaveChat"]);
  });

  it("counts leaving as done when it has already been removed from the chat", async () => {
    t.api.refuse("sendMessage", 403, { ok: false, error_code: 403, description: "Forbidden: bot was kicked from the supergroup chat" });
    t.api.refuse("leaveChat", 403, { ok: false, error_code: 403, description: "Forbidden: bot is not a member of the supergroup chat" });
    await expect(t.telegram.send({ to: { kind: "chat", platform: "telegram", chatId: String(GROUP_CHAT) }, text: "Goodbye", leave: true })).resolves.toBeUndefined();
  });
});

describe("Telegram: scheduled messages that can never be delivered", () => {
  it("reports a chat or person refusing the bot for good as undeliverable, so the sweep gives it up", async () => {
    t.api.refuse("sendMessage", 403, { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await expect(t.telegram.send({ to: { kind: "person", platform: "telegram", userId: String(AMINA.id) }, text: "Your task is due tomorrow" })).rejects.toBeInstanceOf(Undeliverable);
  });

  it("leaves any other failure to be tried again", async () => {
    t.api.refuse("sendMessage", 400, { ok: false, error_code: 400, description: "Bad Request: something else" });
    await expect(t.telegram.send({ to: { kind: "person", platform: "telegram", userId: String(AMINA.id) }, text: "Your task is due tomorrow" })).rejects.not.toBeInstanceOf(Undeliverable);
  });
});
