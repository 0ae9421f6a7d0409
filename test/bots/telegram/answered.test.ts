import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { message } from "./fake-bot-api.ts";
import { Api } from "grammy";
import { sendOutbound } from "../../../src/bots/telegram/outbound.ts";
import { BOT_INFO, TOKEN } from "./fake-bot-api.ts";
import { createTelegramBot } from "../../../src/bots/telegram/bot.ts";
import { AMINA, BOSCO, GROUP_CHAT, startTelegramTestWithCoordinator, type TelegramTest } from "./setup.ts";

let t: TelegramTest;
beforeEach(async () => {
  t = await startTelegramTestWithCoordinator(AMINA);
});
afterEach(() => t.close());

const SETUP_TYPED = ["/setup", "Ward 4", "Hlaingbwe"];
const SITE_CRITERIA = 5;

function methods(): string[] {
  return t.api.calls.map((call) => call.method);
}

async function typeAll(texts: string[], from = AMINA, chat = GROUP_CHAT): Promise<void> {
  for (const text of texts) await t.feed(message(from, chat, text));
}

describe("Telegram: an answered question loses its buttons", () => {
  it("takes the last setup question's buttons away when it is answered by a press, though the answer is only a post to the group", async () => {
    await typeAll(SETUP_TYPED);
    await t.pressButton(AMINA, GROUP_CHAT, 1); // language
    await t.pressButton(AMINA, GROUP_CHAT, 1); // time zone
    for (let i = 0; i < SITE_CRITERIA; i += 1) await t.pressButton(AMINA, GROUP_CHAT, 1);
    expect(t.api.textsTo(GROUP_CHAT).at(-1)).toContain("Ward 4");
    expect((await t.harness.store.groups.find("telegram", String(GROUP_CHAT)))?.setupAt).not.toBeNull();
    expect(t.api.keyboardIn(GROUP_CHAT)).toBeNull();
  });

  it("takes them away when the last answer is typed", async () => {
    await typeAll([...SETUP_TYPED, "1", "1", ...Array<string>(SITE_CRITERIA).fill("1")]);
    expect((await t.harness.store.groups.find("telegram", String(GROUP_CHAT)))?.setupAt).not.toBeNull();
    expect(t.api.keyboardIn(GROUP_CHAT)).toBeNull();
  });

  it("takes them away when the answer reaches another process, or the same one after a restart: where a question was sent is in the store", async () => {
    await typeAll(SETUP_TYPED);
    expect(t.api.keyboardIn(GROUP_CHAT)).not.toBeNull();
    await t.harness.restart();
    const restarted = createTelegramBot({ token: TOKEN, apiRoot: t.api.apiRoot, baraza: t.harness.baraza, texts: t.harness.texts, defaultLocale: "en", log: { error: () => undefined }, botInfo: BOT_INFO });
    await restarted.bot.handleUpdate(message(AMINA, GROUP_CHAT, "1"));
    expect(t.api.calls.filter((call) => call.method === "editMessageReplyMarkup")).toHaveLength(1);
    // The next question's buttons are the only ones left.
    expect(t.api.textsTo(GROUP_CHAT).at(-1)).toContain("time zone");
  });

  it("keeps them on a question still waiting after another command, and takes them from one cancelled", async () => {
    await typeAll([...SETUP_TYPED]);
    expect(t.api.keyboardIn(GROUP_CHAT)).not.toBeNull();
    await typeAll(["/help"]);
    // Help only looks in on the question: it still waits, with its buttons.
    expect(t.api.keyboardIn(GROUP_CHAT)).not.toBeNull();
    await typeAll(["/summary"]);
    // The question still waits (the reply says so), and its buttons still answer it.
    expect(t.api.keyboardIn(GROUP_CHAT)).not.toBeNull();
    expect(t.api.textsTo(GROUP_CHAT).at(-1)).toContain("setting up the group (/setup)");
    await typeAll(["/cancel"]);
    expect(t.api.keyboardIn(GROUP_CHAT)).toBeNull();
    expect(t.api.textsTo(GROUP_CHAT).at(-1)).toBe(t.harness.texts.t("en", "conversation.cancelled"));
  });

  it("takes them from a question set aside under another command's question", async () => {
    await typeAll(["/start"], AMINA, AMINA.id);
    const language = t.api.keyboardIn(AMINA.id);
    expect(language).not.toBeNull();
    // Forgetting asks its own question; the language question waits under it, and its buttons go.
    await typeAll(["/forgetme"], AMINA, AMINA.id);
    const cleared = t.api.calls.filter((call) => call.method === "editMessageReplyMarkup" && call.payload["message_id"] === language?.messageId);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]?.payload["reply_markup"]).toBeUndefined();
  });

  it("sends nothing empty when the buttons are all that is left to take away", async () => {
    await typeAll([...SETUP_TYPED, "1", "1", ...Array<string>(SITE_CRITERIA).fill("1")]);
    expect(t.api.calls.filter((call) => call.method === "sendMessage").every((call) => String(call.payload["text"]).length > 0)).toBe(true);
  });
});

describe("Telegram: a press is answered before anything waits on a rate limit", () => {
  it("answers the press first, while the group's message waits out a 429", async () => {
    await typeAll(SETUP_TYPED);
    t.api.failNext("editMessageReplyMarkup", 429, { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    const before = t.api.calls.length;
    await t.pressButton(AMINA, GROUP_CHAT, 1);
    const after = methods().slice(before);
    // Answered before the group's message, and before the buttons' 429 is waited out.
    expect(after.indexOf("answerCallbackQuery")).toBeLessThan(after.indexOf("sendMessage"));
    expect(after.indexOf("answerCallbackQuery")).toBeLessThan(after.lastIndexOf("editMessageReplyMarkup"));
    expect(after.filter((m) => m === "editMessageReplyMarkup")).toHaveLength(2);
    expect(t.api.textsTo(GROUP_CHAT).at(-1)).toContain("time zone");
  });

  it("holds no other chat's reply behind a group's 429", async () => {
    await t.harness.store.people.identify("telegram", String(BOSCO.id), "Bosco");
    t.api.failNext("sendMessage", 429, { ok: false, error_code: 429, description: "Too Many Requests: retry after 2", parameters: { retry_after: 2 } });
    const busy = t.feed(message(AMINA, GROUP_CHAT, "/help"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await t.feed(message(BOSCO, BOSCO.id, "/help"));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(t.api.textsTo(BOSCO.id)).toHaveLength(1);
    await busy;
    expect(t.api.textsTo(GROUP_CHAT).at(-1)).toContain("/step — where the group is in the cycle");
  });
});

describe("Telegram: a typed question in a group is for the person answering", () => {
  it("asks for the reply as a reply to their message, from them alone", async () => {
    const setup = message(AMINA, GROUP_CHAT, "/setup");
    await t.feed(setup);
    const asked = t.api.calls.filter((call) => call.method === "sendMessage").at(-1);
    expect(asked?.payload["reply_markup"]).toEqual({ force_reply: true, selective: true });
    expect(asked?.payload["reply_parameters"]).toEqual({ message_id: setup.message?.message_id, allow_sending_without_reply: true });
    const name = message(AMINA, GROUP_CHAT, "Ward 4");
    await t.feed(name);
    const next = t.api.calls.filter((call) => call.method === "sendMessage").at(-1);
    expect(next?.payload["text"]).toContain("Where does the group meet?");
    expect(next?.payload["reply_parameters"]).toEqual({ message_id: name.message?.message_id, allow_sending_without_reply: true });
  });

  it("after a press, names the presser at the start of the question, so that it is theirs alone", async () => {
    const api = new Api(TOKEN, { apiRoot: t.api.apiRoot });
    const question = { to: { kind: "chat" as const, platform: "telegram", chatId: String(GROUP_CHAT) }, text: "When should the group meet to review the plan?", input: { person: { id: String(AMINA.id), name: "Amina" } } };
    await sendOutbound(api, question, "BarazaBot");
    const asked = t.api.calls.filter((call) => call.method === "sendMessage").at(-1);
    expect(asked?.payload["text"]).toBe("Amina\nWhen should the group meet to review the plan?");
    expect(asked?.payload["entities"]).toEqual([{ type: "text_mention", offset: 0, length: 5, user: { id: AMINA.id, is_bot: false, first_name: "Amina" } }]);
    expect(asked?.payload["reply_markup"]).toEqual({ force_reply: true, selective: true });
    expect(asked?.payload["reply_parameters"]).toBeUndefined();
  });

  it("asks for no reply in a private chat, where every message reaches the bot", async () => {
    await t.feed(message(AMINA, AMINA.id, "/start"));
    expect(t.api.calls.filter((call) => call.method === "sendMessage").every((call) => call.payload["reply_parameters"] === undefined)).toBe(true);
  });
});

describe("Telegram: what an answer costs", () => {
  /** The calls one update made, counted by method. */
  async function callsFor(run: () => Promise<void>): Promise<Record<string, number>> {
    const before = t.api.calls.length;
    await run();
    const counts: Record<string, number> = {};
    for (const call of t.api.calls.slice(before)) counts[call.method] = (counts[call.method] ?? 0) + 1;
    return counts;
  }

  it("answers a press with three calls (the press answered, the answered buttons taken away, the next question) and a typed answer with two", async () => {
    await typeAll(SETUP_TYPED);
    const asked = t.api.keyboardIn(GROUP_CHAT);
    expect(await callsFor(() => t.pressButton(AMINA, GROUP_CHAT, 1))).toEqual({ answerCallbackQuery: 1, editMessageReplyMarkup: 1, sendMessage: 1 });
    // What the group sees: the language question without buttons, the time zone question with them.
    const next = t.api.keyboardIn(GROUP_CHAT);
    expect(next?.messageId).not.toBe(asked?.messageId);
    expect(t.api.textsTo(GROUP_CHAT).at(-1)).toContain("time zone");
    expect(await callsFor(() => typeAll(["1"]))).toEqual({ editMessageReplyMarkup: 1, sendMessage: 1 });
    expect(t.api.keyboardIn(GROUP_CHAT)?.messageId).not.toBe(next?.messageId);
  });

  it("sends the next question without waiting for the answered one's buttons to go, and has them gone when the answer is done", async () => {
    await typeAll(SETUP_TYPED);
    const asked = t.api.keyboardIn(GROUP_CHAT);
    t.api.failNext("editMessageReplyMarkup", 429, { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    const before = t.api.calls.length;
    await t.pressButton(AMINA, GROUP_CHAT, 1);
    const after = t.api.calls.slice(before);
    const question = after.find((call) => call.method === "sendMessage");
    const cleared = after.filter((call) => call.method === "editMessageReplyMarkup");
    expect(cleared.map((call) => call.payload["message_id"])).toEqual([asked?.messageId, asked?.messageId]);
    // The next question went while the buttons' removal waited out its 429.
    expect(question?.at).toBeLessThan(cleared[1]?.at ?? 0);
    expect(String(question?.payload["text"])).toContain("time zone");
    expect(t.api.keyboardIn(GROUP_CHAT)?.messageId).toBe(question?.messageId);
  });
});
