import { describe, expect, it } from "vitest";
import { addressedText, buttonData, toInbound } from "../../../src/bots/telegram/inbound.ts";
import { message, press } from "./fake-bot-api.ts";
import { AMINA, GROUP_CHAT } from "./setup.ts";

describe("Telegram updates as inbound messages", () => {
  it("reads a group message with its chat, sender and update id, which is also its place in Telegram's order", () => {
    const update = message({ id: 7, first_name: "Amina" }, GROUP_CHAT, "/join", 42);
    expect(toInbound(update, "BarazaBot")).toEqual({
      platform: "telegram",
      updateId: "42",
      order: 42,
      chat: { id: String(GROUP_CHAT), kind: "group" },
      messageId: String(update.message?.message_id),
      sender: { id: "7", name: "Amina" },
      text: "/join",
    });
  });

  it("reads a button press as what the button stands for, with its question, from the presser, in the chat of the question", () => {
    expect(toInbound(press(AMINA, AMINA.id, "q:AbC_12-xyz09:+3", 43), "BarazaBot")).toEqual({
      platform: "telegram",
      updateId: "43",
      order: 43,
      chat: { id: String(AMINA.id), kind: "private" },
      sender: { id: String(AMINA.id), name: "Amina" },
      text: "+3",
      interaction: { kind: "press", question: "AbC_12-xyz09", id: "press-43", messageId: "1" },
    });
    expect(toInbound(press(AMINA, GROUP_CHAT, "q::/vote", 44), "BarazaBot")).toMatchObject({ text: "/vote", interaction: { kind: "press", question: "" } });
  });

  it("reads a button this version did not draw as a press on no question, which the core refuses", () => {
    expect(toInbound(press(AMINA, AMINA.id, "c:3", 45), "BarazaBot")).toMatchObject({ text: "", interaction: { kind: "press", question: "" } });
  });

  it("keeps every button's data within Telegram's 64 bytes, or refuses to draw it", () => {
    expect(buttonData("AbC_12-xyz09", "+12")).toBe("q:AbC_12-xyz09:+12");
    expect(buttonData("AbC_12-xyz09", "x".repeat(49))).toBe(`q:AbC_12-xyz09:${"x".repeat(49)}`);
    expect(buttonData("AbC_12-xyz09", "x".repeat(50))).toBeNull();
    expect(buttonData(undefined, "ဆ".repeat(20))).toBe(`q::${"ဆ".repeat(20)}`);
    expect(buttonData(undefined, "ဆ".repeat(21))).toBeNull();
  });

  it("drops the bot's name from a command, and ignores commands for other bots", () => {
    expect(addressedText("/vote@BarazaBot 1 1 3", "BarazaBot")).toBe("/vote 1 1 3");
    expect(addressedText("/help@barazabot", "BarazaBot")).toBe("/help");
    expect(addressedText("/vote@OtherBot 1", "BarazaBot")).toBeNull();
    expect(addressedText("write to me@BarazaBot", "BarazaBot")).toBe("write to me@BarazaBot");
  });

  it("ignores what is not text for the bot", () => {
    const fromBot = message({ id: 9, first_name: "Other" }, GROUP_CHAT, "/help");
    if (fromBot.message?.from) fromBot.message.from.is_bot = true;
    expect(toInbound(fromBot, "BarazaBot")).toBeNull();
    const original = message(AMINA, GROUP_CHAT, "edited").message;
    if (original) expect(toInbound({ update_id: 1, edited_message: { ...original, edit_date: 1 } }, "BarazaBot")).toBeNull();
  });
});

describe("Telegram service messages", () => {
  it("reads a member leaving and a group becoming a supergroup as chat events", () => {
    const chat = { id: -100, type: "group" as const, title: "Ward 4" };
    const left = toInbound({ update_id: 7, message: { message_id: 1, date: 0, chat, from: { id: 9, is_bot: false, first_name: "Admin" }, left_chat_member: { id: 5, is_bot: false, first_name: "Ram" } } }, "BarazaBot");
    expect(left).toMatchObject({ sender: { id: "5", name: "Ram" }, event: { kind: "member-left" }, text: "" });
    const moved = toInbound({ update_id: 8, message: { message_id: 2, date: 0, chat, from: { id: 9, is_bot: false, first_name: "Admin" }, migrate_to_chat_id: -100999 } }, "BarazaBot");
    expect(moved).toMatchObject({ chat: { id: "-100" }, event: { kind: "chat-moved", toChatId: "-100999" } });
  });
});
