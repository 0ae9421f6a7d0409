/**
 * Splitting a long message for a platform with a length limit (Telegram:
 * 4096 characters, counted in UTF-16 code units). Breaks fall between lines
 * where possible, else between words, else between grapheme clusters, never
 * inside a character or a Burmese syllable's cluster.
 */
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

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

/** A single line longer than the limit: cut at spaces, or between grapheme clusters inside a long word. */
function splitLine(line: string, limit: number): string[] {
  const parts: string[] = [];
  let current = "";
  for (const { segment } of graphemes.segment(line)) {
    if (current.length + segment.length > limit) {
      const space = current.lastIndexOf(" ");
      if (space > 0 && segment !== " ") {
        parts.push(current.slice(0, space));
        current = current.slice(space + 1);
      } else {
        parts.push(current);
        current = "";
      }
    }
    current += segment;
  }
  if (current !== "") parts.push(current);
  return parts;
}
