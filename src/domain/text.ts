/**
 * Limits on what people type, and how long text is cut.
 *
 * Texts are cut between grapheme clusters, never inside one, so a Burmese
 * syllable (a consonant with its vowel signs) or an emoji is never split.
 */

/** Longest concern, assessment answer or plan part, in grapheme clusters. */
export const TEXT_LIMIT = 500;
/** Longest name (a group, a place, a stakeholder, a task). */
export const NAME_LIMIT = 80;

export type CleanText =
  | { kind: "accepted"; text: string; truncated: boolean; limit: number }
  | { kind: "rejected"; reason: "empty" };

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Trims the text and cuts it at `limit` grapheme clusters; rejects text with nothing in it. */
export function cleanText(raw: string, limit: number = TEXT_LIMIT): CleanText {
  const text = raw.replace(/\r\n?/g, "\n").trim();
  if (text.length === 0) return { kind: "rejected", reason: "empty" };
  const cut = cutGraphemes(text, limit);
  return { kind: "accepted", text: cut.trimEnd(), truncated: cut.length < text.length, limit };
}

/** The first `limit` grapheme clusters of `text`. */
export function cutGraphemes(text: string, limit: number): string {
  let count = 0;
  let end = 0;
  for (const { index, segment } of segmenter.segment(text)) {
    if (count === limit) return text.slice(0, index);
    count += 1;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** The longest start of `text` that is whole grapheme clusters and at most `maxCodeUnits` UTF-16 code units (platform limits count those). */
export function cutToLength(text: string, maxCodeUnits: number): string {
  if (text.length <= maxCodeUnits) return text;
  let end = 0;
  for (const { index, segment } of segmenter.segment(text)) {
    if (index + segment.length > maxCodeUnits) break;
    end = index + segment.length;
  }
  return text.slice(0, end);
}

/** Burmese digits (၀–၉) read as their ASCII equivalents, so either can answer a numbered question. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u1040-\u1049]/g, (digit) => String(digit.charCodeAt(0) - 0x1040));
}

/** A whole positive number typed as an answer (ASCII or Burmese digits), or null. */
export function parsePositiveInt(raw: string): number | null {
  const text = asciiDigits(raw.trim());
  if (!/^\d{1,6}$/.test(text)) return null;
  const value = Number(text);
  return value > 0 ? value : null;
}
