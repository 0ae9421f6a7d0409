/**
 * Splitting a long message for a platform with a length limit (Telegram:
 * 4096 characters, Slack's sections 3,000, counted in UTF-16 code units).
 * Breaks fall between lines where possible, else between words, else
 * between syllables: never inside a character, a grapheme cluster or a
 * Burmese syllable (see `units`).
 */

/** Pieces of at most `limit` code units; nothing is lost but the line break or space where a piece ends. */
export function splitText(text: string, limit: number): string[] {
  if (limit < 2) throw new RangeError("A message limit below 2 characters cannot hold a grapheme cluster");
  if (text.length <= limit) return [text];
  const pieces: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const candidate = current === "" ? line : `${current}\n${line}`;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current !== "") pieces.push(current);
    const parts = splitLine(line, limit);
    // The last part of a long line may still share a piece with the lines after it.
    current = parts.pop() ?? "";
    pieces.push(...parts);
  }
  if (current !== "") pieces.push(current);
  return pieces;
}

/** A single line longer than the limit: cut at spaces, or between syllables inside a long word (Burmese has no spaces between words). */
function splitLine(line: string, limit: number): string[] {
  const parts: string[] = [];
  let current = "";
  for (const unit of units(line)) {
    if (current.length + unit.length > limit) {
      const space = current.lastIndexOf(" ");
      if (space > 0 && unit !== " ") {
        parts.push(current.slice(0, space));
        current = current.slice(space + 1);
      } else if (current !== "") {
        parts.push(current);
        current = "";
      }
    }
    current += unit;
    // A unit longer than the limit on its own (it never is in real text) is cut where it must be.
    while (current.length > limit) {
      parts.push(current.slice(0, limit));
      current = current.slice(limit);
    }
  }
  if (current !== "") parts.push(current);
  return parts;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
/** Myanmar's virama, which stacks the next consonant under this one (U+1039): nothing may break after it. */
const VIRAMA = "\u1039";
/** A Myanmar consonant killed by asat (U+103A) or stacking the next (U+1039): the end of the syllable before it (`ကျွ` + `န်`, `ကိ` + `စ္`), which Unicode's clusters split. */
const FINAL = /^[\u1000-\u1021\u103F\u104E][\u103A\u1039]/u;
/**
 * Myanmar's vowel signs, tone marks and medials: never the start of a
 * syllable, though Unicode's clusters leave some apart (the tall and
 * ordinary `ာ`, U+102B and U+102C, and the visarga `း`, U+1038).
 */
const MARK = /^[\u102B-\u103E\u1056-\u1059\u105E-\u1060\u1062-\u1064\u1067-\u106D\u1071-\u1074\u1082-\u108D\u108F\u109A-\u109D]/u;
const MYANMAR_END = /[\u1000-\u109F]$/u;

/**
 * The text's grapheme clusters, joined where a cluster alone is not a
 * Burmese syllable: a vowel sign or a final consonant with its asat goes
 * with the syllable before it, and a consonant stacked after a virama (or
 * kinzi) with the one above.
 */
export function units(text: string): string[] {
  const found: string[] = [];
  for (const { segment } of graphemes.segment(text)) {
    const last = found.at(-1);
    const joins = last !== undefined && (last.endsWith(VIRAMA) || (MYANMAR_END.test(last) && (MARK.test(segment) || FINAL.test(segment))));
    if (joins) found[found.length - 1] = `${last}${segment}`;
    else found.push(segment);
  }
  return found;
}
