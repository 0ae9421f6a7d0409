/**
 * Each adapter's declared capabilities are what it does: the core will shape
 * messages by these declarations, so a channel that claims more or less than
 * it does would send texts that are refused or shown wrongly.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TerminalChat } from "../../src/bots/terminal/terminal.ts";
import type { Channel } from "../../src/flows/channel.ts";
import type { Outbound } from "../../src/flows/messages.ts";
import { startHarness, type Harness } from "../support/harness.ts";
import { AMINA, GROUP_CHAT, startTelegramTest, type TelegramTest } from "./telegram/setup.ts";

const toAmina = (message: Omit<Outbound, "to">): Outbound => ({ to: { kind: "person", platform: "telegram", userId: String(AMINA.id) }, ...message });

describe("the Telegram channel", () => {
  let t: TelegramTest;
  let channel: Omit<Channel, "start" | "stop">;
  beforeEach(async () => {
    t = await startTelegramTest();
    channel = t.telegram;
  });
  afterEach(() => t.close());

  it("declares Telegram's limits and features", () => {
    expect(channel.platform).toBe("telegram");
    expect(channel.capabilities).toEqual({ textLimit: 4096, buttons: "inline", buttonPayloadLimit: 61, edits: true, toOnePerson: "press-notice", noticeLimit: 200, files: true, threads: false, forms: false, commandPrefix: "/" });
  });

  it("splits a text at its declared limit, and returns the message that carries the buttons", async () => {
    const { textLimit } = channel.capabilities;
    const text = Array.from({ length: 3 * textLimit / 8 }, (_, i) => `item ${String(i).padStart(2, "0")}`).join("\n");
    expect(text.length).toBeGreaterThan(2 * textLimit);
    const ref = await channel.send(toAmina({ text, choices: [{ number: 1, label: "Yes" }], question: "q1" }));

    const pieces = t.api.calls.filter((c) => c.method === "sendMessage");
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    for (const piece of pieces) expect(String(piece.payload["text"]).length).toBeLessThanOrEqual(textLimit);
    expect(pieces.map((p) => p.payload["text"]).join("\n")).toBe(text);
    const withButtons = pieces.find((p) => p.payload["reply_markup"] !== undefined);
    expect(withButtons).toBe(pieces.at(-1));
    expect(ref).toEqual({ platform: "telegram", chatId: String(AMINA.id), messageId: String(withButtons?.messageId) });
  });

  it("returns the last message sent when there are no buttons (a file after its caption), and nothing for an empty goodbye", async () => {
    const ref = await channel.send(toAmina({ text: "Your export", files: [{ name: "concerns.csv", mime: "text/csv", data: new TextEncoder().encode("number,text\n") }] }));
    const document = t.api.calls.find((c) => c.method === "sendDocument");
    expect(ref).toEqual({ platform: "telegram", chatId: String(AMINA.id), messageId: String(document?.messageId) });
    await expect(channel.send({ to: { kind: "chat", platform: "telegram", chatId: String(GROUP_CHAT) }, text: "", leave: true })).resolves.toBeUndefined();
  });

  it("carries a button payload of exactly its declared limit (Telegram's 64 bytes of callback data, framing included), and the core refuses one byte more before sending anything", async () => {
    const limit = channel.capabilities.buttonPayloadLimit ?? 0;
    const question = "q7";
    // The limit counts the question's token and the answer; "ဗ" takes 3 bytes in UTF-8.
    const room = limit - question.length;
    const fits = `${"ဗ".repeat(Math.floor(room / 3))}${"x".repeat(room % 3)}`;
    await t.harness.baraza.send(channel, toAmina({ text: "Pick", choices: [{ number: 1, label: "Fits", answer: fits }], question }));
    const data = t.api.keyboardIn(AMINA.id)?.buttons[0]?.callback_data ?? "";
    expect(Buffer.byteLength(data, "utf8")).toBe(64);

    const calls = t.api.calls.length;
    await expect(t.harness.baraza.send(channel, toAmina({ text: "Pick", choices: [{ number: 1, label: "Too long", answer: `${fits}x` }], question }))).rejects.toThrow(/Core bug/);
    expect(t.api.calls.length).toBe(calls);
  });

  it("edits the referenced message, and takes its buttons away", async () => {
    const ref = await channel.send(toAmina({ text: "Your ballot: nothing yet", choices: [{ number: 1, label: "Lights" }], question: "q2" }));
    if (!ref) throw new Error("no reference returned");
    await channel.edit?.(ref, toAmina({ text: "Your ballot: 1 point to Lights", choices: [{ number: 1, label: "Lights" }], question: "q2" }));
    const edited = t.api.calls.find((c) => c.method === "editMessageText");
    expect(edited?.payload).toMatchObject({ chat_id: String(AMINA.id), message_id: Number(ref.messageId), text: "Your ballot: 1 point to Lights" });
    expect(t.api.keyboardIn(AMINA.id)?.messageId).toBe(Number(ref.messageId));

    await channel.clearChoices?.(ref);
    expect(t.api.keyboardIn(AMINA.id)).toBeNull();
  });

  it("shows a notice to the presser alone, and opens the private chat for them by a press or a message in the group", async () => {
    await channel.notifyPresser?.({ platform: "telegram", id: "press-1" }, "Already counted");
    await channel.openPrivate?.({ id: String(AMINA.id), name: "Amina" }, { press: { platform: "telegram", id: "press-2" } });
    const answers = t.api.calls.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload);
    expect(answers).toEqual([
      { callback_query_id: "press-1", text: "Already counted" },
      { callback_query_id: "press-2", url: "https://t.me/BarazaBot?start=resume" },
    ]);

    const ref = await channel.openPrivate?.({ id: String(AMINA.id), name: "Amina" }, { in: { kind: "chat", platform: "telegram", chatId: String(GROUP_CHAT) }, locale: "en" });
    const [told] = t.api.textsTo(GROUP_CHAT);
    expect(told).toContain("Amina");
    expect(told).toContain("https://t.me/BarazaBot?start=resume");
    expect(ref?.chatId).toBe(String(GROUP_CHAT));
  });
});

describe("the terminal channel", () => {
  let h: Harness;
  let filesDir: string;
  let printed: string;
  let terminal: TerminalChat;
  beforeEach(async () => {
    h = await startHarness();
    filesDir = mkdtempSync(join(tmpdir(), "baraza-channel-"));
    printed = "";
    const output = new PassThrough();
    output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
    terminal = new TerminalChat({ baraza: h.baraza, store: h.store, texts: h.texts, clock: h.clock, locale: "en", input: new PassThrough(), output, interactive: false, filesDir });
  });
  afterEach(async () => {
    rmSync(filesDir, { recursive: true, force: true });
    await h.close();
  });

  it("declares text only: no buttons, no edits, nothing shown to one person in the group, files saved", () => {
    const channel: Channel = terminal;
    expect(channel.platform).toBe("terminal");
    expect(channel.capabilities).toEqual({ textLimit: 1_000_000, buttons: "none", edits: false, toOnePerson: "none", files: true, threads: false, forms: false, commandPrefix: "/" });
    expect([channel.edit, channel.clearChoices, channel.notifyPresser, channel.openPrivate]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("prints a text far over Telegram's limit whole, under one heading, and returns where it went", async () => {
    const text = Array.from({ length: 2000 }, (_, i) => `line ${i + 1}`).join("\n");
    expect(text.length).toBeLessThanOrEqual(terminal.capabilities.textLimit);
    const first = await terminal.send({ to: { kind: "chat", platform: "terminal", chatId: "terminal-group" }, text });
    const second = await terminal.send({ to: { kind: "person", platform: "terminal", userId: "amina" }, text: "Only for you" });

    expect(printed.match(/Baraza, in the group:/g)).toHaveLength(1);
    expect(printed).toContain(`  line 1\n  line 2\n`);
    expect(printed).toContain("  line 2000\n");
    expect(printed).toContain("💬 Baraza, privately to Amina:\n  Only for you");
    expect(first).toEqual({ platform: "terminal", chatId: "terminal-group", messageId: "1" });
    expect(second).toEqual({ platform: "terminal", chatId: "dm-amina", messageId: "2" });
  });

  it("saves a file and prints where, and returns nothing for a message with nothing to print", async () => {
    const ref = await terminal.send({ to: { kind: "chat", platform: "terminal", chatId: "terminal-group" }, text: "Your export", files: [{ name: "concerns.csv", mime: "text/csv", data: new TextEncoder().encode("number,text\n") }] });
    const path = join(filesDir, "concerns.csv");
    expect(printed).toContain(`  Your export\n  📄 ${path}`);
    expect(readFileSync(path, "utf8")).toBe("number,text\n");
    expect(ref?.messageId).toBe("1");

    const before = printed;
    await expect(terminal.send({ to: { kind: "chat", platform: "terminal", chatId: "terminal-group" }, text: "", answers: { question: "q1", inPlace: false } })).resolves.toBeUndefined();
    expect(printed).toBe(before);
  });
});
