/**
 * Arabic in a chat: values inside a sentence keep their own direction
 * without moving the words around them, and a line that starts with a
 * Latin name, a number or a command is still laid out right to left.
 */
import { describe, expect, it } from "vitest";
import { FSI, isolate, isRightToLeft, PDI, rightToLeftLines, RLI, RLM, sequence } from "../../src/domain/direction.ts";
import { commandMarker } from "../../src/flows/commands.ts";
import type { Outbound } from "../../src/flows/messages.ts";
import { present } from "../../src/flows/present.ts";
import type { Texts } from "../../src/flows/texts.ts";
import { loadTexts } from "../../src/i18n.ts";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Texts of two made-up languages, one of them Arabic, so these tests do not depend on the translations' wording. */
function sampleTexts(): Texts {
  const directory = mkdtempSync(join(tmpdir(), "baraza-direction-"));
  const write = (locale: string, texts: object) => {
    mkdirSync(join(directory, locale));
    writeFileSync(join(directory, locale, "baraza.json"), JSON.stringify(texts));
  };
  write("en", { joined: "{{name}} joined on {{date}}: {{count}} members. Vote with {{cmd.vote}}." });
  write("ar", { joined: "انضم {{name}} في {{date}}: {{count}} أعضاء. صوّتوا بـ {{cmd.vote}}." });
  return loadTexts({ directory, fallbackLocale: "en" });
}

describe("direction", () => {
  it("knows Arabic is written right to left, and the other languages shipped are not", () => {
    expect(isRightToLeft("ar")).toBe(true);
    expect(isRightToLeft("ar-YE")).toBe(true);
    for (const locale of ["en", "my", "ne", "sw", "ru", "ky", "tg", "sq", "sr", "bn", "ka", undefined]) expect(isRightToLeft(locale)).toBe(false);
  });

  it("isolates each line of a value, leaving empty lines empty", () => {
    expect(isolate("John Smith")).toBe(`${FSI}John Smith${PDI}`);
    expect(isolate("a\n\nb")).toBe(`${FSI}a${PDI}\n\n${FSI}b${PDI}`);
  });

  it("marks lines that start with Latin, a digit, a sign or an isolate, and not those that start with an Arabic letter", () => {
    expect(rightToLeftLines("John انضم\n3 أعضاء\nانضم جون\n\n/vote صوّت\n• بند")).toBe(`${RLM}John انضم\n${RLM}3 أعضاء\nانضم جون\n\n${RLM}/vote صوّت\n${RLM}• بند`);
    expect(rightToLeftLines(`${RLM}John`)).toBe(`${RLM}John`);
  });

  it("keeps the sign of a signed number written into an Arabic line in front of it (+14, +2), leaving isolated values and dates alone", () => {
    expect(rightToLeftLines("اكتب +14 أو -2 أيام، لا 2026-12-31")).toBe(`اكتب ${FSI}+14${PDI} أو ${FSI}-2${PDI} أيام، لا 2026-12-31`);
    expect(rightToLeftLines(`صوّت ${FSI}+2${PDI}`)).toBe(`صوّت ${FSI}+2${PDI}`);
  });

  it("points an indicator's readings the way the language reads, oldest first for its reader", () => {
    expect(sequence(["3", "4", "5"], "en")).toBe("3 → 4 → 5");
    expect(sequence(["3", "4", "5"], "ar")).toBe(`${RLI}3 ← 4 ← 5${PDI}`);
  });

  it("isolates every value put into an Arabic text (names, dates, numbers, commands), and none in a left-to-right one", () => {
    const texts = sampleTexts();
    const vars = { name: "John Smith", date: "2026-12-31", count: 12 };
    expect(texts.t("ar", "joined", vars)).toBe(`انضم ${FSI}John Smith${PDI} في ${FSI}2026-12-31${PDI}: ${FSI}12${PDI} أعضاء. صوّتوا بـ ${FSI}${commandMarker("vote")}${PDI}.`);
    expect(texts.t("en", "joined", vars)).toBe(`John Smith joined on 2026-12-31: 12 members. Vote with ${commandMarker("vote")}.`);
  });

  it("lays out an Arabic message right to left on every channel: its text, its written choices, its buttons and its fallback", () => {
    const texts = sampleTexts();
    const message: Outbound = {
      to: { kind: "chat", platform: "test", chatId: "g" },
      locale: "ar",
      text: `${texts.t("ar", "joined", { name: "John", date: "2026-12-31", count: 3 })}\n2026-12-31 موعد المراجعة`,
      fallback: "PDF",
      choices: [
        { number: 1, label: "John Smith" },
        { number: 2, label: "نعم" },
      ],
    };
    const onTelegram = present({ buttons: "inline", commandPrefix: "/" }, message, texts);
    expect(onTelegram.text.split("\n")).toEqual([expect.stringMatching(/^انضم /), `${RLM}2026-12-31 موعد المراجعة`]);
    expect(onTelegram.text).toContain(`${FSI}/vote${PDI}`);
    expect(onTelegram.choices?.map((choice) => choice.label)).toEqual([`${RLM}John Smith`, "نعم"]);
    expect(onTelegram.fallback).toBe(`${RLM}PDF`);
    const inText = present({ buttons: "none", commandPrefix: "/baraza " }, message, texts).text.split("\n");
    expect(inText.slice(2, 4)).toEqual([`${RLM}1. John Smith`, `${RLM}2. نعم`]);
    expect(inText.join("\n")).toContain(`${FSI}/baraza vote${PDI}`);
  });

  it("leaves a left-to-right message exactly as written", () => {
    const texts = sampleTexts();
    const message: Outbound = { to: { kind: "chat", platform: "test", chatId: "g" }, locale: "en", text: "3 members\nJohn", choices: [{ number: 1, label: "John" }] };
    expect(present({ buttons: "inline", commandPrefix: "/" }, message, texts)).toEqual(message);
  });
});
