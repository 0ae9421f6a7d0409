/**
 * The languages Baraza ships, in the order `/lang` offers them; every one
 * has every text. English and Burmese first, then the languages of the other
 * places in the reference documents (SPEC §7).
 */
export const LOCALES = ["en", "my", "ne", "ar", "sw", "ru", "ky", "tg", "sq", "sr", "bn", "ka"] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/**
 * The shipped language a platform's language tag names (Slack's `my-MM`,
 * Telegram's `en`), by its language subtag; undefined when Baraza does not
 * ship it, so the group's or the default language applies.
 */
export function shippedLocale(tag: string | undefined): Locale | undefined {
  const language = tag === undefined ? undefined : languageOf(tag);
  return language !== undefined && isLocale(language) ? language : undefined;
}

/** The language subtag of a language tag, lower case: `my-MM` → `my`, `AR_sa` → `ar`. */
export function languageOf(tag: string): string {
  return tag.split(/[-_]/)[0]?.toLowerCase() ?? tag;
}
