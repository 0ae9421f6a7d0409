import { describe, expect, it } from "vitest";
import { splitText } from "../../src/flows/split.ts";

describe("splitting long messages", () => {
  it("leaves a message within the limit whole", () => {
    expect(splitText("short", 4096)).toEqual(["short"]);
  });

  it("breaks between lines, every piece within the limit, nothing lost", () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `• Group ${i} — step 4, 3 open tasks, 1 late, last active 2 days ago`);
    const text = lines.join("\n");
    const pieces = splitText(text, 4096);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(4096);
    expect(pieces.join("\n")).toBe(text);
  });

  it("cuts a line longer than the limit at spaces", () => {
    expect(splitText("one two three four", 9)).toEqual(["one two", "three", "four"]);
  });

  it("never cuts inside a Burmese grapheme cluster or an emoji", () => {
    const word = "ကို".repeat(10) + "👩‍👩‍👧".repeat(3);
    const pieces = splitText(word, 10);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(10);
      expect(piece.startsWith("ိ") || piece.startsWith("ု") || piece.startsWith("\u200d")).toBe(false);
    }
    expect(pieces.join("")).toBe(word);
  });

  it("cuts a long Burmese line between syllables", () => {
    const syllable = "မြို့";
    const line = syllable.repeat(30);
    const pieces = splitText(line, 32);
    expect(pieces.join("")).toBe(line);
    for (const piece of pieces) expect(piece.length % syllable.length).toBe(0);
  });

  it("keeps a Burmese syllable whole where Unicode's clusters part it: a final consonant, a stacked one, a tall vowel sign", () => {
    // ကျွန် "I", ကိစ္စ "matter", တောင်း "ask": split by grapheme clusters, each would leave a piece starting with a mark or a killed consonant.
    for (const word of ["ကျွန်", "ကိစ္စ", "တောင်း"]) {
      const line = word.repeat(20);
      for (let limit = word.length; limit < word.length * 3; limit++) {
        const pieces = splitText(line, limit);
        expect(pieces.join("")).toBe(line);
        for (const piece of pieces) expect(piece.length % word.length, `${word} at ${limit}`).toBe(0);
      }
    }
  });
});
