import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { choiceKeyboard, TEXT_LIMIT } from "../../../src/bots/telegram/outbound.ts";
import { AMINA, GROUP_CHAT, startTelegramTest, type TelegramTest } from "./setup.ts";

let t: TelegramTest;
beforeEach(async () => {
  t = await startTelegramTest();
});
afterEach(() => t.close());

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("Telegram: sending", () => {
  it("splits a text over 4096 characters into valid pieces, the buttons under the last", async () => {
    const line = "🛡️ ရပ်ကွက်လုံခြုံရေး အစည်းအဝေး — safety walk at the market at dusk 👣";
    const text = Array.from({ length: 200 }, (_, i) => `${i + 1}. ${line}`).join("\n");
    expect(text.length).toBeGreaterThan(2 * TEXT_LIMIT);
    await t.telegram.send({ to: { kind: "person", platform: "telegram", userId: String(AMINA.id) }, text, choices: [{ number: 1, label: "Yes" }] });

    const pieces = t.api.calls.filter((c) => c.method === "sendMessage");
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    for (const piece of pieces) {
      const pieceText = String(piece.payload["text"]);
      expect(pieceText.length).toBeLessThanOrEqual(TEXT_LIMIT);
      expect(pieceText).not.toMatch(LONE_SURROGATE);
    }
    expect(pieces.map((p) => p.payload["text"]).join("\n")).toBe(text);
    expect(pieces.map((p) => p.payload["reply_markup"] !== undefined)).toEqual([...pieces.slice(1).map(() => false), true]);
  });

  it("sends a file after its caption: a PNG as a photo, anything else as a document", async () => {
    await t.telegram.send({
      to: { kind: "chat", platform: "telegram", chatId: String(GROUP_CHAT) },
      text: "Your export",
      files: [
        { name: "chart.png", mime: "image/png", data: new Uint8Array([137, 80, 78, 71]) },
        { name: "concerns.csv", mime: "text/csv", data: new TextEncoder().encode("number,text\n1,lights\n") },
      ],
    });
    expect(t.api.calls.map((c) => c.method)).toEqual(["sendMessage", "sendPhoto", "sendDocument"]);
    const [caption, photo, document] = t.api.calls;
    expect(caption?.payload["text"]).toBe("Your export");
    expect(photo?.payload["chat_id"]).toBe(String(GROUP_CHAT));
    expect(photo?.payload["photo"]).toEqual({ filename: "chart.png", data: Buffer.from([137, 80, 78, 71]) });
    expect(document?.payload["document"]).toEqual({ filename: "concerns.csv", data: Buffer.from("number,text\n1,lights\n") });
  });
});

describe("Telegram: choice buttons", () => {
  it("puts short labels three to a row and a long one alone, each with small opaque data", () => {
    const keyboard = choiceKeyboard([
      { number: 1, label: "Yes" },
      { number: 2, label: "No" },
      { number: 3, label: "Later" },
      { number: 4, label: "Maybe" },
      { number: 5, label: "Street lights on the road to the market are broken" },
      { number: 6, label: "Skip" },
    ]);
    const rows = keyboard.inline_keyboard.map((row) => row.map((button) => button.text));
    expect(rows).toEqual([["1. Yes", "2. No", "3. Later"], ["4. Maybe"], ["5. Street lights on the road to the market are broken"], ["6. Skip"]]);
    for (const button of keyboard.inline_keyboard.flat()) {
      expect("callback_data" in button && new TextEncoder().encode(button.callback_data).length).toBeLessThanOrEqual(64);
    }
  });

  it("shortens a very long label without breaking a character", () => {
    const keyboard = choiceKeyboard([{ number: 1, label: "ရပ်ကွက်လုံခြုံရေး ".repeat(10) }]);
    const text = keyboard.inline_keyboard[0]?.[0]?.text ?? "";
    expect(text.length).toBeLessThanOrEqual(60);
    expect(text.endsWith("…")).toBe(true);
    expect(text).not.toMatch(LONE_SURROGATE);
  });
});
