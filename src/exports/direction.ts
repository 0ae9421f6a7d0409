/**
 * Which way a language's text runs. Arabic (and, should Baraza ever ship
 * them, Persian, Urdu, Hebrew…) is written right to left: its brief is laid
 * out from the right margin, its charts mirrored. This list is the exports'
 * own, so that the list of shipped locales (src/domain/locales.ts) can grow
 * without the exports having to change.
 */

/** Languages written right to left, by their BCP 47 language subtag. */
const RIGHT_TO_LEFT = new Set(["ar", "fa", "ur", "ps", "ckb", "he", "yi", "dv", "sd", "ug"]);

export type Direction = "ltr" | "rtl";

/** Whether `locale` (`ar`, `ar-YE`, `ar_SA`) is written right to left. */
export function isRightToLeft(locale: string): boolean {
  return RIGHT_TO_LEFT.has(locale.split(/[-_]/)[0]?.toLowerCase() ?? "");
}

export function directionOf(locale: string): Direction {
  return isRightToLeft(locale) ? "rtl" : "ltr";
}

const FIRST_STRONG_ISOLATE = "\u2068";
const POP_DIRECTIONAL_ISOLATE = "\u2069";

/**
 * A value to put inside a sentence, isolated (FSI … PDI) so that its own
 * direction cannot reorder the words around it: a date `2026-12-31` after an
 * Arabic word would otherwise come out as `31-12-2026` (Unicode Bidirectional
 * Algorithm, rule W2 turns its digits into Arabic numbers and the hyphens
 * between them then separate), and a Latin name ending in "." would carry the
 * full stop to its other side.
 */
export function isolate(value: string): string {
  return `${FIRST_STRONG_ISOLATE}${value}${POP_DIRECTIONAL_ISOLATE}`;
}
