import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { message } from "./fake-bot-api.ts";
import { AMINA, BOSCO, GROUP_CHAT, startTelegramTestWithCoordinator, type TelegramTest } from "./setup.ts";

let t: TelegramTest;
beforeEach(async () => {
  t = await startTelegramTestWithCoordinator(AMINA);
});
afterEach(() => t.close());

function lastMarkupTo(chat: number): unknown {
  return t.api.calls.filter((call) => call.method === "sendMessage" && call.payload["chat_id"] === String(chat)).at(-1)?.payload["reply_markup"];
}

async function setUp(): Promise<void> {
  for (const text of ["/setup", "Ward 4", "Hlaingbwe", "1", "1", "1", "1", "1", "1", "1"]) await t.feed(message(AMINA, GROUP_CHAT, text));
}

describe("Telegram: typed answers and the way into the private chat", () => {
  it("asks for a reply when a question in the group is answered by typing, so privacy mode lets the answer through", async () => {
    await t.feed(message(AMINA, GROUP_CHAT, "/setup"));
    expect(lastMarkupTo(GROUP_CHAT)).toEqual({ force_reply: true, selective: true });
  });

  it("answers /join in the group with a button that opens the private chat, and /start resume there asks the waiting question", async () => {
    await setUp();
    await t.feed(message(BOSCO, GROUP_CHAT, "/join"));
    expect(lastMarkupTo(GROUP_CHAT)).toEqual({ inline_keyboard: [[{ text: "💬 Open my private chat", url: "https://t.me/BarazaBot?start=resume" }]] });
    await t.feed(message(BOSCO, BOSCO.id, "/start resume"));
    expect(t.api.textsTo(BOSCO.id).at(-1)).toContain("Do you agree to take part?");
    expect(t.api.keyboardIn(BOSCO.id)?.buttons.map((b) => b.callback_data)).toEqual([expect.stringMatching(/^q:[\w-]{12}:1$/), expect.stringMatching(/^q:[\w-]{12}:2$/)]);
  });

  it("hands a facilitator's invitation over with a button that adds the bot to a group with the code given", async () => {
    await t.feed(message(AMINA, AMINA.id, "/invite"));
    const code = /\n\n(CODE\d+)\n\n/.exec(t.api.textsTo(AMINA.id).at(-1) ?? "")?.[1];
    expect(code).toBeDefined();
    expect(lastMarkupTo(AMINA.id)).toEqual({ inline_keyboard: [[{ text: "➕ Add Baraza to a group with this code", url: `https://t.me/BarazaBot?startgroup=${code}` }]] });
  });
});
