/**
 * Words for people, by key. Every text a person reads comes from locales/
 * through this port; flows never hold a literal sentence.
 */
export interface Texts {
  /** The text for `key` in `locale`, with `vars` filled in; `count` selects the plural form. */
  t(locale: string, key: string, vars?: Record<string, unknown>): string;
}

/** A text still to be put into words, in whichever language its reader has. */
export interface Phrase {
  key: string;
  vars?: Record<string, unknown>;
}
