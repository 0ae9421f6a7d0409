/**
 * Block Kit as Slack takes it: every limit kept (3,000 characters a
 * section, 50 blocks a message, 75 a button's text, 2,000 its value), a
 * long Burmese text cut between syllables, and nothing a person wrote ever
 * read as Slack's markup.
 */
import { describe, expect, it } from "vitest";
import { BLOCK_LIMIT, BUTTON_TEXT_LIMIT, render, SECTION_LIMIT, TEXT_LIMIT, type BlockContext, type Rendered } from "../../../src/bots/slack/blocks.ts";
import { units } from "../../../src/flows/split.ts";
import { ACTION_PREFIX } from "../../../src/bots/slack/inbound.ts";
import type { Outbound } from "../../../src/flows/messages.ts";
import { buttonsOf, textOf } from "./setup.ts";

const context: BlockContext = { appLink: "https://slack.com/app_redirect?app=A0001", replyInThread: (locale) => (locale === "my" ? "ဤ thread တွင် ပြန်ဖြေပါ" : "Reply in this thread") };
const toChannel = { kind: "chat" as const, platform: "slack", chatId: "C0GROUP" };
const toAmina = { kind: "person" as const, platform: "slack", userId: "UAMINA" };

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** A piece that starts with what cannot start a Burmese syllable: a mark, a final consonant with its asat, or a consonant stacked under the one before. */
const BROKEN_SYLLABLE = /^[\u102B-\u103E\u1056-\u1059]|^[\u1000-\u1021][\u103A\u1039]/u;
/** The same, for the end of a piece: a virama, whose consonant is cut off. */
const CUT_STACK = /\u1039$/u;

function sections(messages: Rendered[]): string[] {
  return messages.flatMap((m) => m.blocks.flatMap((b) => (b.type === "section" && b.text ? [b.text.text] : [])));
}

function choices(count: number): NonNullable<Outbound["choices"]> {
  return Array.from({ length: count }, (_, i) => ({ number: i + 1, label: `Concern ${i + 1}` }));
}

describe("Slack blocks: long texts", () => {
  it("splits a text of 3,000+ characters into sections of at most 3,000, losing nothing but the line breaks between them", () => {
    const line = "🛡️ Safety walk at the market at dusk, lights broken on the road 👣";
    const text = Array.from({ length: 100 }, (_, i) => `${i + 1}. ${line}`).join("\n");
    expect(text.length).toBeGreaterThan(2 * SECTION_LIMIT);

    const [message, ...more] = render({ to: toChannel, text }, context);

    expect(more).toEqual([]);
    const pieces = sections([message as Rendered]);
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(SECTION_LIMIT);
      expect(piece).not.toMatch(LONE_SURROGATE);
    }
    expect(pieces.join("\n")).toBe(text);
  });

  it("cuts a long Burmese text without spaces between syllables, never after a stacking virama nor before a final consonant", () => {
    // Burmese writes no spaces between words: the only places to cut are between syllables.
    const sentence = "ကျွန်ုပ်တို့ရပ်ကွက်လုံခြုံရေးအဖွဲ့သည်မင်္ဂလာဈေးလမ်းမီးပျက်နေသည့်ကိစ္စကိုဆွေးနွေးသည်";
    const text = sentence.repeat(Math.ceil((2 * SECTION_LIMIT) / sentence.length) + 3);
    const pieces = sections(render({ to: toAmina, text, locale: "my" }, context));

    expect(pieces.length).toBeGreaterThanOrEqual(3);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(SECTION_LIMIT);
      expect(piece).not.toMatch(BROKEN_SYLLABLE);
      expect(piece).not.toMatch(CUT_STACK);
    }
    expect(pieces.join("")).toBe(text);
  });

  it("keeps a Burmese syllable whole where Unicode's grapheme clusters would split it", () => {
    expect(units("ကျွန်")).toEqual(["ကျွန်"]);
    expect(units("မင်္ဂလာ")).toEqual(["မင်္ဂ", "လာ"]);
    expect(units("ကိစ္စ")).toEqual(["ကိစ္စ"]);
    expect(units("အစည်းအဝေး")).toEqual(["အ", "စည်း", "အ", "ဝေး"]);
    expect(units("Ward 4")).toEqual(["W", "a", "r", "d", " ", "4"]);
  });

  it("sends a text too long for one Slack message as several, in order, the buttons under the last", () => {
    const text = Array.from({ length: 40 }, (_, i) => `${i + 1}. ${"x".repeat(900)}`).join("\n");
    expect(text.length).toBeGreaterThan(2 * TEXT_LIMIT);

    const messages = render({ to: toChannel, text, question: "Qtoken", choices: choices(3) }, context);

    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(BLOCK_LIMIT);
      expect(sections([message]).join("").length).toBeLessThanOrEqual(TEXT_LIMIT);
    }
    expect(messages.map((m) => textOf(m.blocks)).join("\n")).toBe(text);
    expect(messages.map((m) => buttonsOf(m.blocks).length)).toEqual([...messages.slice(1).map(() => 0), 3]);
  });
});

describe("Slack blocks: buttons", () => {
  it("draws up to 25 buttons to a block, each naming the question and what it stands for", () => {
    const [message] = render({ to: toAmina, text: "Which concern first?", question: "Qtoken", choices: [...choices(30), { number: 31, label: "Cast my vote", answer: "done" }] }, context);
    const actions = message?.blocks.filter((b) => b.type === "actions") ?? [];

    expect(actions.map((b) => (b.type === "actions" ? b.elements.length : 0))).toEqual([25, 6]);
    const buttons = buttonsOf(message?.blocks ?? []);
    expect(buttons[0]).toEqual({ text: "1. Concern 1", value: "q:Qtoken:1", action_id: `${ACTION_PREFIX}0` });
    expect(buttons.at(-1)).toEqual({ text: "Cast my vote", value: "q:Qtoken:done", action_id: `${ACTION_PREFIX}30` });
  });

  it("cuts a button's text to 75 characters, between syllables, with an ellipsis", () => {
    const [message] = render({ to: toAmina, text: "Which?", question: "Q", choices: [{ number: 1, label: "ရပ်ကွက်လုံခြုံရေး ".repeat(10) }, { number: 2, label: "y".repeat(200) }] }, context);
    const [burmese, latin] = buttonsOf(message?.blocks ?? []).map((b) => b.text);

    for (const text of [burmese, latin]) {
      expect(text?.length).toBeLessThanOrEqual(BUTTON_TEXT_LIMIT);
      expect(text?.endsWith("…")).toBe(true);
      expect(text).not.toMatch(LONE_SURROGATE);
    }
    expect(burmese?.startsWith("1. ရပ်ကွက်လုံခြုံရေး")).toBe(true);
    expect(burmese?.slice(0, -1)).not.toMatch(/[\u1000-\u1021]$/u);
  });

  it("writes choices as numbered lines, answered by typing, when there are too many for Slack's 50 blocks, and never throws", () => {
    const many = choices(50 * 25);
    const messages = render({ to: toAmina, text: "Which concern first?", question: "Q", choices: many }, context);

    for (const message of messages) expect(message.blocks.length).toBeLessThanOrEqual(BLOCK_LIMIT);
    expect(messages.flatMap((m) => buttonsOf(m.blocks))).toEqual([]);
    const shown = messages.map((m) => textOf(m.blocks)).join("\n");
    expect(shown).toContain("Which concern first?\n1. Concern 1\n2. Concern 2");
    expect(shown).toContain("1250. Concern 1250");
  });

  it("uses the core's way of writing choices where it is given, with its hint on how to answer", () => {
    const written: BlockContext = { ...context, writeChoices: (message) => ({ ...message, text: `${message.text}\n1. Concern 1\nAnswer with a number.` }) };
    const messages = render({ to: toAmina, text: "Which?", question: "Q", choices: choices(50 * 25) }, written);

    expect(messages.map((m) => textOf(m.blocks)).join("\n")).toBe("Which?\n1. Concern 1\nAnswer with a number.");
  });

  it("writes a choice out rather than drawing a button whose value would pass Slack's 2,000 characters", () => {
    const long = "x".repeat(2100);
    const messages = render({ to: toAmina, text: "Pick", question: "Q", choices: [{ number: 1, label: "Long", answer: long }] }, context);

    expect(messages.flatMap((m) => buttonsOf(m.blocks))).toEqual([]);
    expect(messages.map((m) => textOf(m.blocks)).join("\n")).toContain("Pick");
    const [fits] = render({ to: toAmina, text: "Pick", question: "Q", choices: [{ number: 1, label: "Long", answer: "x".repeat(1997 - "Q".length) }] }, context);
    const [button] = buttonsOf(fits?.blocks ?? []);
    expect(button?.value.length).toBe(2000);
  });
});

describe("Slack blocks: what people wrote stays what they wrote", () => {
  const concern = "<!channel> <@U123> *urgent* & <https://evil.example|click> — lights broken";

  it("shows a person's text as plain text, and escapes it in the notification, so it can neither ping nor forge a mention", () => {
    const [message] = render({ to: toChannel, text: `#1 ${concern}`, question: "Q", choices: [{ number: 1, label: concern }] }, context);

    expect(message?.text).toBe("#1 &lt;!channel&gt; &lt;@U123&gt; *urgent* &amp; &lt;https://evil.example|click&gt; — lights broken");
    for (const block of message?.blocks ?? []) {
      if (block.type === "section") expect(block.text).toEqual({ type: "plain_text", text: `#1 ${concern}`, emoji: false });
      if (block.type === "actions") for (const element of block.elements) if (element.type === "button") expect(element.text.type).toBe("plain_text");
    }
    // Slack reads markup only in mrkdwn: none of what a person wrote is in any.
    expect(JSON.stringify(message?.blocks)).not.toContain("mrkdwn");
  });

  it("names the person asked to reply in a thread by their Slack id alone, in the message's language", () => {
    const [message] = render({ to: toChannel, text: "What is the group's name?", locale: "my", input: { person: { id: "UAMINA", name: "<!channel>" } } }, context);
    const contextBlock = message?.blocks.find((b) => b.type === "context");

    expect(contextBlock).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: "<@UAMINA> ဤ thread တွင် ပြန်ဖြေပါ" }] });
  });

  it("mentions no one when the person's id is not a Slack user id", () => {
    const [message] = render({ to: toChannel, text: "What is the group's name?", input: { person: { id: "!channel>", name: "Amina" } } }, context);

    expect(JSON.stringify(message?.blocks)).not.toContain("<@");
    expect(JSON.stringify(message?.blocks)).not.toContain("<!");
  });
});
