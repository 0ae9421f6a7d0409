/** The real texts, strict: a key missing from exports.json fails the test instead of falling back. */
import { loadTexts, LOCALES_DIR } from "../../src/i18n.ts";

export const texts = loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en", strict: true });
