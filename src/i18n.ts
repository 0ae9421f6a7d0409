/**
 * Loads every language under locales/ into i18next and offers it to the
 * flows as their `Texts` port. Each JSON file in a language's folder is a
 * namespace: `baraza.json` is the default one (keys like `vote.saved`), any
 * other is addressed with its name first (`privacy:notice` for privacy.json).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createInstance, type FormatterModule, type i18n, type Resource, type ResourceKey } from "i18next";
import { isolate, isRightToLeft } from "./domain/direction.ts";
import { hasOwnPluralRules, pluralRules } from "./domain/plurals.ts";
import { commandVariables } from "./flows/commands.ts";
import type { Texts } from "./flows/texts.ts";

const DEFAULT_NAMESPACE = "baraza";

/**
 * Every value put into a text in a right-to-left language is isolated from
 * the words around it (src/domain/direction.ts); in other languages values
 * go in as they are. Texts name no formats of their own (`{{count, number}}`),
 * so this is the only formatting there is.
 */
const isolatingValues: FormatterModule = {
  type: "formatter",
  init: () => undefined,
  add: () => undefined,
  addCached: () => undefined,
  // Anything else (a missing value) goes back untouched, for i18next to handle as it would without a formatter.
  format: (value: unknown, _format, locale) => (isRightToLeft(locale) && (typeof value === "string" || typeof value === "number") ? isolate(String(value)) : (value as string)),
};

/**
 * i18next picks a plural form with `Intl.PluralRules`, which for a language
 * ICU lacks (Tajik) silently answers with English's rules; ours answer
 * for those languages instead (src/domain/plurals.ts).
 */
function usePluralRules(instance: i18n): void {
  const resolver = instance.services.pluralResolver as { getRule(code: string, options?: { ordinal?: boolean }): unknown };
  const icu = resolver.getRule.bind(resolver);
  resolver.getRule = (code, options = {}) => (!options.ordinal && hasOwnPluralRules(code) ? pluralRules(code) : icu(code, options));
}

/** Where the texts live, whatever the working directory. */
export const LOCALES_DIR = fileURLToPath(new URL("../locales", import.meta.url));

export interface TextsOptions {
  directory: string;
  fallbackLocale: string;
  /** Throw on a missing key instead of falling back; tests use this so no text is forgotten. */
  strict?: boolean;
}

export function loadTexts(options: TextsOptions): Texts {
  const resources: Resource = {};
  const namespaces = new Set<string>();
  for (const locale of readdirSync(options.directory)) {
    const folder = join(options.directory, locale);
    // Anything that is not a language folder (a README, a folder being translated) is left out; the locale test checks completeness.
    if (!existsSync(join(folder, `${DEFAULT_NAMESPACE}.json`))) continue;
    resources[locale] = {};
    for (const file of readdirSync(folder).filter((name) => name.endsWith(".json"))) {
      const namespace = file.slice(0, -".json".length);
      const texts: ResourceKey = JSON.parse(readFileSync(join(folder, file), "utf8"));
      resources[locale][namespace] = texts;
      namespaces.add(namespace);
    }
  }
  const instance: i18n = createInstance().use(isolatingValues);
  void instance.init({
    resources,
    ns: [...namespaces],
    defaultNS: DEFAULT_NAMESPACE,
    lng: options.fallbackLocale,
    fallbackLng: options.fallbackLocale,
    initAsync: false,
    // Messages go to chat apps, not web pages: nothing to escape. `{{cmd.vote}}` in any text is the vote command's marker, which each channel writes its own way (src/flows/commands.ts).
    interpolation: { escapeValue: false, alwaysFormat: true, defaultVariables: { cmd: commandVariables() } },
    returnNull: false,
  });
  usePluralRules(instance);
  return {
    t(locale, key, vars) {
      if (options.strict && !instance.exists(key, { ...vars, lng: locale, fallbackLng: false })) throw new Error(`Missing text "${key}" for ${locale}`);
      return instance.t(key, { lng: locale, ...vars });
    },
  };
}
