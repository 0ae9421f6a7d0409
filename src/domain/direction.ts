/**
 * Right-to-left text in chats. A chat app lays a message out by the first
 * letter it meets: an Arabic sentence that starts with a person's Latin name,
 * a number or a command would be laid out left to right, and a Latin name or
 * a date inside an Arabic sentence can drag the words around it out of
 * order. So, for a right-to-left language:
 * - every value put into a text (a name, a number, a date, a command) is
 *   isolated, between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, so it
 *   keeps its own direction without moving anything around it;
 * - every line that does not begin with a right-to-left letter begins with a
 *   RIGHT-TO-LEFT MARK, so the line is laid out right to left.
 * Left-to-right languages are left exactly as written.
 */
import { languageOf } from "./locales.ts";

/** Languages written right to left, by their language subtag: Arabic, which Baraza ships, and those it may (Persian, Urdu, Pashto, Sorani, Hebrew, Yiddish, Dhivehi, Sindhi, Uyghur). */
const RIGHT_TO_LEFT: ReadonlySet<string> = new Set(["ar", "fa", "ur", "ps", "ckb", "he", "yi", "dv", "sd", "ug"]);

export const FSI = "\u2068";
export const PDI = "\u2069";
export const RLM = "\u200f";
/** Right-to-left isolate: a row laid out right to left whatever it holds. */
export const RLI = "\u2067";

/** Whether `locale` (a language tag) is written right to left. */
export function isRightToLeft(locale: string | undefined): boolean {
  return locale !== undefined && RIGHT_TO_LEFT.has(languageOf(locale));
}

/** `value` isolated from the text around it, line by line (an isolate ends where its line does). */
export function isolate(value: string): string {
  return value
    .split("\n")
    .map((line) => (line === "" ? line : `${FSI}${line}${PDI}`))
    .join("\n");
}

/** A letter of a right-to-left script: Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms. */
const RIGHT_TO_LEFT_LETTER = /^[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;

/**
 * A number with a sign written into a text (`+14` days, a ballot's `+2`),
 * not already isolated: in a right-to-left line its sign would be drawn
 * after it (`14+`).
 */
const SIGNED_NUMBER = /(?<![\p{L}\p{N}\u2066-\u2068])[+\-−]\p{Nd}[\p{Nd}.,:]*/gu;

/**
 * `text` laid out right to left: a right-to-left mark before every line that
 * does not already begin with a right-to-left letter, and signed numbers
 * written into it isolated so their sign stays in front.
 */
export function rightToLeftLines(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(SIGNED_NUMBER, (number) => `${FSI}${number}${PDI}`))
    .map((line) => (line === "" || RIGHT_TO_LEFT_LETTER.test(line) || line.startsWith(RLM) ? line : `${RLM}${line}`))
    .join("\n");
}

/**
 * Values in order (an indicator's readings, oldest first) joined by arrows
 * that point the way `locale` reads: `3 → 4 → 5` left to right; in a
 * right-to-left language the arrows point left and the row runs right to
 * left, so the oldest reading still comes first for its reader.
 */
export function sequence(values: readonly string[], locale: string): string {
  return isRightToLeft(locale) ? `${RLI}${values.join(" ← ")}${PDI}` : values.join(" → ");
}
