/**
 * Where a line may end in Burmese text.
 *
 * Burmese puts spaces between phrases, not words, so a line breaker that
 * breaks only at spaces either leaves a long phrase running past the margin
 * or cuts it between a consonant and its vowel signs. Breaking between
 * syllables is what Burmese typesetting accepts when no dictionary is at
 * hand. A syllable starts at a consonant or an independent vowel, unless
 * the letter is stacked under the one before (after U+1039 virama) or is
 * itself killed or stacked (followed by U+103A asat or U+1039); that is the
 * rule of the widely used "sylbreak" segmenter.
 */

const SYLLABLE_START = /(?<=[\u1000-\u109F])(?<!\u1039)(?=[\u1000-\u1021\u1023-\u102A\u103F\u104C-\u104F](?![\u1039\u103A]))/gu;

/** A zero-width space: an invisible place where a line may end. */
export const BREAK = "\u200B";

/** The text with a zero-width space between Burmese syllables; other scripts are left as they are. */
export function breakable(text: string): string {
  return text.replace(SYLLABLE_START, BREAK);
}

/**
 * Splits text into lines of about `width` characters, at spaces and between
 * Burmese syllables, for places that cannot wrap by themselves (chart labels).
 * A single piece longer than `width` is kept whole rather than cut.
 */
export function wrap(text: string, width: number): string[] {
  const pieces = breakable(text.trim()).split(/(?<=[\s\u200B])/u);
  const lines: string[] = [];
  let line = "";
  for (const piece of pieces) {
    if (line !== "" && visibleLength((line + piece).trimEnd()) > width) {
      lines.push(line);
      line = "";
    }
    line += piece;
  }
  if (line !== "") lines.push(line);
  return lines.map((each) => each.replaceAll(BREAK, "").trim()).filter((each) => each !== "");
}

/** Characters that take room on the line: a nonspacing mark (a vowel sign above or below, the asat) adds none. */
function visibleLength(text: string): number {
  return [...text.replaceAll(BREAK, "")].filter((character) => !/\p{Mn}/u.test(character)).length;
}
