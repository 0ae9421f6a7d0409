/**
 * Which plural form a number takes in each language: CLDR's rules as Node's
 * ICU has them, except where ICU has none. CLDR has no rules for Tajik, and
 * `Intl.PluralRules("tg")` silently answers with English's instead; Tajik's
 * are written here, so they are a decision rather than an accident, and stay
 * the same if a later ICU adds its own.
 */
import { languageOf } from "./locales.ts";

/** What both `Intl.PluralRules` and our own rules answer: the form for a number, and the forms there are. */
export interface PluralRule {
  select(count: number): Intl.LDMLPluralRule;
  resolvedOptions(): { pluralCategories: Intl.LDMLPluralRule[] };
}

/**
 * Tajik: a noun after a number keeps its singular form (се китоб, "three
 * book"), as in Persian, so counted texts need one form for 1 and one for
 * every other number, like its neighbours' CLDR rules (Persian, Uzbek,
 * Kyrgyz: one for n = 1, other for the rest).
 */
const tajik: PluralRule = {
  select: (count) => (count === 1 ? "one" : "other"),
  resolvedOptions: () => ({ pluralCategories: ["one", "other"] }),
};

const OWN_RULES: Readonly<Record<string, PluralRule>> = { tg: tajik };


/** Whether Baraza, not ICU, holds this language's plural rules. */
export function hasOwnPluralRules(locale: string): boolean {
  return languageOf(locale) in OWN_RULES;
}

/** The cardinal plural rules of `locale`: our own where ICU has none, otherwise ICU's. */
export function pluralRules(locale: string): PluralRule {
  return OWN_RULES[languageOf(locale)] ?? new Intl.PluralRules(locale);
}
