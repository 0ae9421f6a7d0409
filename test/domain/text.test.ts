import { describe, expect, it } from "vitest";
import { asciiDigits, cleanInput, cleanName, cleanText, cutGraphemes, hasVisible, parsePositiveInt, quote, relay } from "../../src/domain/text.ts";

describe("cleaning typed text", () => {
  it("rejects text with nothing in it", () => {
    expect(cleanText(" \n\t ")).toEqual({ kind: "rejected", reason: "empty" });
  });

  it("trims and keeps text under the limit whole", () => {
    expect(cleanText("  Dark road  ", 20)).toEqual({ kind: "accepted", text: "Dark road", truncated: false, limit: 20 });
  });

  it("cuts at the limit and says so", () => {
    expect(cleanText("abcdef", 3)).toEqual({ kind: "accepted", text: "abc", truncated: true, limit: 3 });
  });

  it("never cuts inside a Burmese syllable's grapheme or an emoji", () => {
    // "ကို" is one consonant with two combining vowel signs: one grapheme cluster.
    expect(cutGraphemes("ကိုကို", 1)).toBe("ကို");
    expect(cutGraphemes("👩‍👩‍👧x", 1)).toBe("👩‍👩‍👧");
  });

  it("reads Burmese digits as numbers", () => {
    expect(asciiDigits("၁ ၂ ၃")).toBe("1 2 3");
    expect(parsePositiveInt("၁၂")).toBe(12);
    expect(parsePositiveInt("0")).toBeNull();
    expect(parsePositiveInt("two")).toBeNull();
  });
});

describe("text coming in", () => {
  it("drops control characters (NUL, BEL, escape sequences) but keeps line breaks", () => {
    expect(cleanInput("a\u0000b\u0007c\u001b[31md\r\ne\tf")).toBe("abc[31md\ne f");
  });

  it("drops bidirectional controls and invisible format characters anywhere", () => {
    expect(cleanInput("abc\u202Eevil\u202C")).toBe("abcevil");
    expect(cleanInput("\u2066x\u2069\u200B\u200E\uFEFF2")).toBe("x2");
  });

  it("drops the invisible separator (U+2063) that marks a command in the bot's own texts, so no one can write one", () => {
    expect(cleanInput("send \u2063closevote\u2063 now")).toBe("send closevote now");
    expect(cleanName("\u2063vote\u2063 Mallory")).toBe("vote Mallory");
  });

  it("keeps joiners inside words: emoji sequences and Indic and Persian spelling need them", () => {
    expect(cleanInput("👩‍👩‍👧")).toBe("👩‍👩‍👧");
    expect(cleanInput("क्‍ष")).toBe("क्‍ष");
    expect(cleanInput("می‌خواهم")).toBe("می‌خواهم");
  });

  it("trims what cannot be seen at the edges, so a number followed by a zero-width space is a number", () => {
    expect(cleanInput("\u200B 2\u200B\u200D ")).toBe("2");
    expect(parsePositiveInt(cleanInput("3\u200B"))).toBe(3);
    expect(cleanInput("\u3164name\u2800")).toBe("name");
  });

  it("folds a name onto one line", () => {
    expect(cleanName("Thida\n(facilitator)")).toBe("Thida (facilitator)");
  });

  it("refuses a text of invisible characters only", () => {
    expect(hasVisible("\u3164\u3164")).toBe(false);
    expect(hasVisible("\u2800 \u115F")).toBe(false);
    expect(cleanText("\u200B\u200B\u3164")).toEqual({ kind: "rejected", reason: "empty" });
    expect(hasVisible("၁")).toBe(true);
    expect(hasVisible("?")).toBe(true);
  });

  it("reads no more than six digits as a number", () => {
    expect(parsePositiveInt("99999999999999999999")).toBeNull();
  });
});

describe("text going out to others", () => {
  it("folds new lines, so a text cannot start a line of the bot's message", () => {
    expect(relay("Fights\n#7 Thefts (raised by Thida)")).toBe("\u2068Fights / #7 Thefts (raised by Thida)\u2069");
  });

  it("removes bidirectional overrides and isolates the text from the frame around it", () => {
    expect(relay("a\u202Eb")).toBe("\u2068ab\u2069");
    expect(quote("دزدی")).toBe("“\u2068دزدی\u2069”");
  });

  it("puts the words in quotation marks they cannot close", () => {
    expect(quote("x” (raised by Thida) “y")).toBe('“\u2068x" (raised by Thida) "y\u2069”');
    expect(relay("„a‟")).toBe('\u2068"a"\u2069');
  });

  it("makes commands, links and mentions inert", () => {
    const shown = relay("tap /closevote or !vote, see https://evil.example/x and t.me/bot, ask @admin");
    expect(shown).not.toMatch(/(^|\s)\/closevote/);
    expect(shown).not.toMatch(/!vote/);
    expect(shown).not.toContain("://");
    expect(shown).not.toContain("t.me");
    expect(shown).not.toMatch(/@admin/);
    // Invisible: the words read the same.
    expect(shown.replace(/[\u2060\u2068\u2069]/g, "")).toBe("tap /closevote or !vote, see https://evil.example/x and t.me/bot, ask @admin");
  });

  it("leaves numbers and ordinary punctuation alone", () => {
    expect(relay("3.5 km, 20/11 — ok.")).toBe("\u20683.5 km, 20/11 — ok.\u2069");
  });
});

describe("digits people type", () => {
  it("reads the digits of every script the shipped languages write numbers in", () => {
    expect(asciiDigits("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(asciiDigits("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
    expect(asciiDigits("०१२३४५६७८९")).toBe("0123456789");
    expect(asciiDigits("০১২৩৪৫৬৭৮৯")).toBe("0123456789");
    expect(asciiDigits("၀၁၂၃၄၅၆၇၈၉")).toBe("0123456789");
    expect(asciiDigits("႐႑႒႓႔႕႖႗႘႙")).toBe("0123456789");
  });

  it("leaves letters and other signs alone, and reads a number mixed from several scripts", () => {
    expect(asciiDigits("रु ३ tasks, ٣ مهام")).toBe("रु 3 tasks, 3 مهام");
    expect(parsePositiveInt("١٢")).toBe(12);
    expect(parsePositiveInt("१२")).toBe(12);
    expect(parsePositiveInt("১২")).toBe(12);
    expect(parsePositiveInt("٠")).toBeNull();
  });
});
