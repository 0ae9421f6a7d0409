/** The languages Baraza ships; every one has every text. */
export const LOCALES = ["en", "my"] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}
