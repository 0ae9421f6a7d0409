import * as fontkit from "fontkit";
import { describe, expect, it } from "vitest";
import { FACES, fontBytes } from "../../src/exports/fonts.ts";
import { ShapedFont, scriptRuns } from "../../src/exports/pdf/shaped-font.ts";

const myanmarFile = FACES.find((face) => face.family === "Noto Sans Myanmar")?.files.regular ?? "";
const shaped = new ShapedFont(fontBytes(myanmarFile));
const plain = fontkit.create(Buffer.from(fontBytes(myanmarFile)));
const glyphOf = (character: string): number => ("fonts" in plain ? -1 : plain.glyphForCodePoint(character.codePointAt(0) ?? 0).id);

describe("ShapedFont", () => {
  it("puts the vowel sign ေ before its consonant, where Burmese readers expect it", () => {
    // Stored order: ka, medial ra, vowel sign e, visarga; the vowel sign is drawn first.
    const ids = shaped.layout("ကြေး").glyphs.map((glyph) => glyph.id);
    expect(ids[0]).toBe(glyphOf("\u1031"));
    expect(ids.indexOf(glyphOf("က"))).toBeGreaterThan(ids.indexOf(glyphOf("\u1031")));
  });

  it("maps each consonant's glyph back to its character, so copied text keeps its letters", () => {
    const run = shaped.layout("ကြေး");
    const ka = run.glyphs.find((glyph) => glyph.id === glyphOf("က"));
    expect(ka?.codePoints).toEqual(["က".codePointAt(0)]);
  });

  it("adds no glyph and no width for the line breaker's zero-width space", () => {
    const withBreak = shaped.layout("ရပ်\u200Bကွက်");
    const without = shaped.layout("ရပ်ကွက်");
    expect(withBreak.glyphs.map((glyph) => glyph.id)).toEqual(without.glyphs.map((glyph) => glyph.id));
    expect(withBreak.advanceWidth).toBe(without.advanceWidth);
  });

  it("measures Latin as the font's own advances", () => {
    const run = shaped.layout("Aung");
    expect(run.advanceWidth).toBe([..."Aung"].reduce((sum, letter) => sum + ("fonts" in plain ? 0 : plain.glyphForCodePoint(letter.codePointAt(0) ?? 0).advanceWidth), 0));
  });

  it("counts the letters it has a glyph for", () => {
    expect(shaped.covers("ကြေး Aung")).toBe(8);
    expect(shaped.covers("Привет")).toBe(0);
  });
});

describe("scriptRuns", () => {
  it("splits Burmese from the text around it, punctuation staying with the letters before it", () => {
    expect(scriptRuns("U Kyaw (ဦးကျော်)")).toEqual([
      { text: "U Kyaw (", script: "Latn" },
      { text: "ဦးကျော်)", script: "Mymr" },
    ]);
  });

  it("gives leading digits and spaces to the first script after them", () => {
    expect(scriptRuns("12 क्षेत्र")).toEqual([{ text: "12 क्षेत्र", script: "Deva" }]);
  });
});

/** A face's shaper and a way to name the glyph a character has on its own. */
function face(family: string): { shaped: ShapedFont; glyphOf: (character: string) => number } {
  const file = FACES.find((each) => each.family === family)?.files.regular ?? "";
  const font = fontkit.create(Buffer.from(fontBytes(file)));
  return {
    shaped: new ShapedFont(fontBytes(file)),
    glyphOf: (character) => ("fonts" in font ? -1 : font.glyphForCodePoint(character.codePointAt(0) ?? 0).id),
  };
}

const RIGHT_TO_LEFT_MARK = "\u200F";

describe("ShapedFont in other scripts", () => {
  const arabic = face("Noto Sans Arabic");

  /** The glyphs that stand for letters (Noto Sans Arabic draws some dots as glyphs of their own), left to right. */
  const letters = (text: string) => arabic.shaped.layout(RIGHT_TO_LEFT_MARK + text).glyphs.filter((glyph) => glyph.codePoints.length > 0);

  it("draws a right-to-left run's glyphs from its last letter on the left to its first on the right", () => {
    expect(letters("بيت").map((glyph) => String.fromCodePoint(...glyph.codePoints))).toEqual(["ت", "ي", "ب"]);
  });

  it("joins Arabic letters: none of بيت is drawn in its standalone form", () => {
    const glyphs = letters("بيت");
    for (const [index, letter] of ["ت", "ي", "ب"].entries()) expect(glyphs[index]?.id).not.toBe(arabic.glyphOf(letter));
  });

  it("mirrors a bracket in a right-to-left run", () => {
    expect(arabic.shaped.layout(RIGHT_TO_LEFT_MARK + "(").glyphs[0]?.id).toBe(arabic.glyphOf(")"));
    expect(arabic.shaped.layout("(").glyphs[0]?.id).toBe(arabic.glyphOf("("));
  });

  it("shapes a run without a right-to-left mark or letter left to right", () => {
    expect(arabic.shaped.layout("2026-12-31").glyphs.map((glyph) => glyph.id)).toEqual([..."2026-12-31"].map((character) => arabic.glyphOf(character)));
  });

  it("puts the Devanagari vowel sign ि before its consonant and forms the conjunct क्ष", () => {
    const devanagari = face("Noto Sans Devanagari");
    // The glyph drawn first (leftmost) stands for the vowel sign, though it is typed after the consonant.
    expect(devanagari.shaped.layout("कि").glyphs[0]?.codePoints).toEqual([0x093f]);
    expect(devanagari.shaped.layout("क्ष").glyphs.length).toBeLessThan(3);
  });

  it("puts the Bengali vowel sign ে before its consonant and forms the conjunct ক্ষ", () => {
    const bengali = face("Noto Sans Bengali");
    expect(bengali.shaped.layout("কে").glyphs[0]?.codePoints).toEqual([0x09c7]);
    expect(bengali.shaped.layout("ক্ষ").glyphs.length).toBeLessThan(3);
  });

  it("has every Georgian letter, and every Cyrillic letter of Kyrgyz, Tajik and Serbian", () => {
    const georgian = face("Noto Sans Georgian").shaped.layout("ზუგდიდის თემის უსაფრთხოების ჯგუფი");
    const cyrillic = face("Noto Sans").shaped.layout("Өзгөн Жаңы-Арык ү Ҷамшед Раҳимӣ ғ қ ӯ Ђорђе Љубљана Њиве ћ џ");
    for (const glyph of [...georgian.glyphs, ...cyrillic.glyphs]) expect(glyph.id).not.toBe(0);
  });
});
