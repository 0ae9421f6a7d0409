import { describe, expect, it } from "vitest";
import { layOut, type ParagraphFonts } from "../../src/exports/pdf/paragraph.ts";
import { FACES } from "../../src/exports/fonts.ts";

const LATIN = FACES.findIndex((face) => face.family === "Noto Sans");
const ARABIC = FACES.findIndex((face) => face.family === "Noto Sans Arabic");

/** Every character 5 points wide; Noto Sans has Latin and punctuation, Noto Sans Arabic has Arabic, Latin and digits (as the real fonts do). */
const fonts: ParagraphFonts = {
  measure: (text) => [...text].length * 5,
  has: (face, codePoint) => (face === LATIN && codePoint < 0x500) || (face === ARABIC && (codePoint < 0x80 || (codePoint >= 0x600 && codePoint < 0x700))),
  count: FACES.length,
};

/** Each line's runs, left to right, as "R:text" or "L:text". */
const drawn = (text: string, direction: "ltr" | "rtl", width = 1000): string[][] =>
  layOut(text, direction, width, fonts).lines.map((line) => line.runs.map((run) => `${run.rtl ? "R" : "L"}:${run.text}`));

describe("layOut", () => {
  it("puts an Arabic sentence right to left with a Latin name inside it left to right", () => {
    expect(drawn("سرقة قرب Al-Mansoura ليلاً", "rtl")).toEqual([["R:ليلاً", "R: ", "L:Al-Mansoura", "R:سرقة قرب "]]);
  });

  it("keeps an Arabic name inside an English sentence in its own direction", () => {
    expect(drawn("Meet أم سالم today.", "ltr")).toEqual([["L:Meet ", "R:أم سالم", "L: ", "L:today."]]);
  });

  it("draws an isolated date in an Arabic sentence as one left-to-right run", () => {
    expect(drawn("آخر نشاط: \u20682026-12-30\u2069", "rtl")).toEqual([["R:\u2069", "L:2026-12-30", "R:آخر نشاط: \u2068"]]);
  });

  it("follows the bidirectional algorithm for a date typed inside Arabic: its numbers read right to left", () => {
    // Rule W2 makes the digits Arabic numbers and the hyphens then separate them, as every browser shows it.
    expect(drawn("منذ 2026-10-01 سُرقت", "rtl")).toEqual([["R: سُرقت", "L:01", "R:-", "L:10", "R:-", "L:2026", "R:منذ "]]);
  });

  it("breaks an Arabic paragraph into lines in reading order, the first words on the first line", () => {
    expect(drawn("واحد اثنان ثلاثة أربعة خمسة", "rtl", 60)).toEqual([["R:واحد اثنان"], ["R:ثلاثة أربعة"], ["R:خمسة"]]);
  });

  it("sets Arabic letters in the Arabic face, Latin in Noto Sans, and digits with the letters around them", () => {
    const line = layOut("رقم 12 Saferworld", "rtl", 1000, fonts).lines[0];
    expect(line?.runs.map((run) => [run.text.trim(), FACES[run.face]?.family])).toEqual([
      ["Saferworld", "Noto Sans"],
      ["", "Noto Sans Arabic"],
      ["12", "Noto Sans Arabic"],
      ["رقم", "Noto Sans Arabic"],
    ]);
  });

  it("cuts a word wider than the line between letters rather than running into the margin", () => {
    expect(drawn("Antidisestablishmentarianism", "ltr", 50).map((line) => line.join(""))).toEqual(["L:Antidisest", "L:ablishment", "L:arianism"]);
  });

  it("does not draw the spaces that end a line", () => {
    const lines = layOut("one two three", "ltr", 40, fonts).lines;
    expect(lines.map((line) => line.runs.map((run) => run.text).join(""))).toEqual(["one two", "three"]);
    expect(lines[0]?.width).toBe(35);
  });
});
