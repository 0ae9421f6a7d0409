/**
 * What people type, made safe to keep and to show.
 *
 * Coming in (`cleanInput`): control characters, bidirectional controls and
 * other invisible format characters are removed, since nobody needs them to
 * say something and they can disguise what is said (U+202E turns a line
 * around; a zero-width space hides in a number). Joiners (ZWJ, ZWNJ) stay
 * inside words, where emoji sequences and Indic and Persian spelling need
 * them. Invisible characters at the edges are trimmed.
 *
 * Going out to others (`relay`, `quote`): new lines folded, commands, links
 * and mentions made inert (a relayed `/closevote` must not close a vote at a
 * tap), the curly double quotation marks the bot puts around people's words
 * (“…”, in code and in every language's texts) made straight, and the whole
 * isolated (FSI … PDI), so that nothing a person wrote can reorder, extend
 * or imitate the bot's frame around it: the numbers, the authors, the lines.
 *
 * Texts are cut between grapheme clusters, never inside one, so a Burmese
 * syllable (a consonant with its vowel signs) or an emoji is never split.
 */
import { FSI, PDI } from "./direction.ts";

/** Longest concern, assessment answer or plan part, in grapheme clusters. */
export const TEXT_LIMIT = 500;
/** Longest name (a group, a place, a stakeholder, a task). */
export const NAME_LIMIT = 80;

const ZWJ = "\u200D";
const ZWNJ = "\u200C";
/** Word joiner: invisible, and breaks the patterns platforms turn into links and commands. */
const WJ = "\u2060";
/** Letters that render as nothing (Hangul fillers, the blank Braille pattern): a name or text of these alone is empty. */
const BLANK_LETTERS = /[\u115F\u1160\u3164\uFFA0\u2800]/gu;
/** What may stand at the edges of a text without being seen. */
const INVISIBLE_EDGES = /^[\s\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]+|[\s\p{Cf}\u115F\u1160\u3164\uFFA0\u2800]+$/gu;
/** The bot's quotation marks around people's words; inside them, people's own curly double quotes become straight ones. */
const OPEN_QUOTE = "“";
const CLOSE_QUOTE = "”";
const CURLY_DOUBLE_QUOTES = /[“”„‟]/g;

/**
 * Text as a person typed it, cleaned before anything reads it: line breaks
 * made "\n", tabs spaces, control and format characters removed (joiners
 * kept, for the words that need them), invisible characters trimmed at both
 * ends.
 */
export function cleanInput(raw: string): string {
  const unified = raw.replace(/\r\n?|[\u0085\u2028\u2029]/g, "\n").replace(/\t/g, " ");
  let kept = "";
  for (const char of unified) {
    if (char === "\n") kept += char;
    else if (char === ZWJ || char === ZWNJ) kept += char;
    else if (!/[\p{Cc}\p{Cf}]/u.test(char)) kept += char;
  }
  return kept.replace(INVISIBLE_EDGES, "");
}

/** A name (a person's, a group's) on one line: cleaned, with line breaks as spaces. */
export function cleanName(raw: string): string {
  return cleanInput(raw).replace(/\s*\n\s*/g, " ");
}

/** Whether the text has anything a reader can see: a letter, a digit, a mark of punctuation or a symbol. */
export function hasVisible(text: string): boolean {
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(text.replace(BLANK_LETTERS, ""));
}

/** Lines joined into one, " / " between them, so a text cannot start a line of the bot's message. */
export function foldLines(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" / ");
}

/**
 * Commands, links, mentions and e-mail addresses made inert: a word joiner
 * after "/" or "!" starting a word, after "@", inside "://" and after a dot
 * between a letter or digit and a letter (domain names). Invisible, so the
 * text reads the same; platforms no longer make it tappable.
 */
export function defuse(text: string): string {
  return text
    .replace(/(^|[^\p{L}\p{N}_])([/!])(?=[\p{L}\p{N}_])/gu, `$1$2${WJ}`)
    .replace(/@(?=[\p{L}\p{N}_])/gu, `@${WJ}`)
    .replace(/:\/\//g, `:${WJ}//`)
    .replace(/([\p{L}\p{N}])\.(?=\p{L})/gu, `$1.${WJ}`);
}

/**
 * Something a person wrote, as it may appear inside a message of the bot's
 * to others: cleaned, on one line, inert, and isolated from the frame.
 */
export function relay(text: string): string {
  const inner = defuse(foldLines(cleanInput(text))).replace(CURLY_DOUBLE_QUOTES, '"');
  return `${FSI}${inner}${PDI}`;
}

/** People's words in the bot's quotation marks: “…”, which the words themselves cannot close. A text's own “{{var}}” is for `relay`. */
export function quote(text: string): string {
  return `${OPEN_QUOTE}${relay(text)}${CLOSE_QUOTE}`;
}

export type CleanText =
  | { kind: "accepted"; text: string; truncated: boolean; limit: number }
  | { kind: "rejected"; reason: "empty" };

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Cleans the text (see `cleanInput`) and cuts it at `limit` grapheme clusters; rejects text with nothing visible in it. */
export function cleanText(raw: string, limit: number = TEXT_LIMIT): CleanText {
  const text = cleanInput(raw);
  if (!hasVisible(text)) return { kind: "rejected", reason: "empty" };
  const cut = cutGraphemes(text, limit);
  return { kind: "accepted", text: cut.replace(INVISIBLE_EDGES, ""), truncated: cut.length < text.length, limit };
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

/**
 * The first code point (zero) of each set of decimal digits people of the
 * shipped languages type: Arabic-Indic (٠–٩, Yemen), Extended Arabic-Indic
 * (۰–۹, Persian keyboards), Devanagari (०–९, Nepali), Bengali (০–৯),
 * Myanmar (၀–၉) and Myanmar Shan (႐–႙).
 */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x0966, 0x09e6, 0x1040, 0x1090] as const;
const OTHER_DIGIT = new RegExp(`[${DIGIT_ZEROS.map((zero) => `\\u${zero.toString(16).padStart(4, "0")}-\\u${(zero + 9).toString(16).padStart(4, "0")}`).join("")}]`, "gu");

/** Digits of any script people type (see DIGIT_ZEROS) read as their ASCII equivalents, so any of them can answer a numbered question or give a date. */
export function asciiDigits(text: string): string {
  return text.replace(OTHER_DIGIT, (digit) => {
    const code = digit.codePointAt(0) ?? 0;
    const zero = DIGIT_ZEROS.find((first) => code >= first && code <= first + 9) ?? code;
    return String(code - zero);
  });
}

/** A whole positive number typed as an answer (in any script's digits), or null. */
export function parsePositiveInt(raw: string): number | null {
  const text = asciiDigits(raw.trim());
  if (!/^\d{1,6}$/.test(text)) return null;
  const value = Number(text);
  return value > 0 ? value : null;
}
