import { describe, expect, it } from "vitest";
import { asciiDigits, cleanText, cutGraphemes, parsePositiveInt } from "../../src/domain/text.ts";

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
