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
  it("splits Burmese from the text around it", () => {
    expect(scriptRuns("U Kyaw (ဦးကျော်)")).toEqual([
      { text: "U Kyaw (", myanmar: false },
      { text: "ဦးကျော်", myanmar: true },
      { text: ")", myanmar: false },
    ]);
  });
});
