import { describe, expect, it } from "vitest";
import { BREAK, breakable, wrap } from "../../src/exports/line-breaks.ts";

const syllables = (text: string): string[] => breakable(text).split(BREAK);

describe("breakable", () => {
  it("lets a line end between Burmese syllables", () => {
    expect(syllables("ရပ်ကွက်လုံခြုံရေး")).toEqual(["ရပ်", "ကွက်", "လုံ", "ခြုံ", "ရေး"]);
  });

  it("never separates a killed or stacked consonant from its syllable", () => {
    expect(syllables("ကျွန်ုပ်တို့")).toEqual(["ကျွန်ုပ်", "တို့"]);
    expect(syllables("သင်္ချိုင်း")).toEqual(["သင်္ချိုင်း"]);
    expect(syllables("ဗုဒ္ဓ")).toEqual(["ဗုဒ္ဓ"]);
  });

  it("leaves other scripts alone", () => {
    expect(breakable("Motorbike theft, 2025")).toBe("Motorbike theft, 2025");
  });
});

describe("wrap", () => {
  it("wraps English at spaces", () => {
    expect(wrap("Motorbike theft near the market at night", 20)).toEqual(["Motorbike theft near", "the market at night"]);
  });

  it("wraps Burmese between syllables, counting vowel signs above and below as taking no room", () => {
    const lines = wrap("ဈေးနားမှာ ညဘက် ဆိုင်ကယ်ခိုးမှု များလာခြင်း", 16);
    expect(lines.join("").replace(/ /g, "")).toBe("ဈေးနားမှာညဘက်ဆိုင်ကယ်ခိုးမှုများလာခြင်း");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((line) => !line.includes(BREAK))).toBe(true);
  });

  it("keeps a word longer than the width whole", () => {
    expect(wrap("Antidisestablishmentarianism", 10)).toEqual(["Antidisestablishmentarianism"]);
  });
});
