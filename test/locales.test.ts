/**
 * Every language under locales/ has every text English has, in the same
 * shape: the same keys, the plural forms its own grammar needs, and the same
 * {{variables}}. Burmese is written in Myanmar Unicode, never Zawgyi. No
 * text carries presentation: commands are `{{cmd.vote}}`, which each
 * platform writes its own way (`/vote`, `/baraza vote`), and prompts leave
 * their choices to the channel (src/flows/present.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { pluralRules } from "../src/domain/plurals.ts";
import { COMMAND_NAMES } from "../src/flows/commands.ts";

const LOCALES = fileURLToPath(new URL("../locales/", import.meta.url));
const SOURCE = "en";
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const VARIABLE = /\{\{\s*([^{}\s,]+)[^{}]*\}\}/g;

/** A command as one platform types it: a slash (or WhatsApp's !) and a word, not inside a path or a link (Asia/Yangon, https://). */
const COMMAND_TYPED = /(?<![\p{L}\p{N}/:.])[/!][a-z]+(?![\p{L}\p{N}])/u;
const COMMAND_VARIABLE = /\{\{\s*cmd\.([^{}\s]+)\s*\}\}/g;

type Leaves = Map<string, unknown>;
/** A text by its key with any plural suffix removed; `forms` maps a plural category ("" for a plain text) to its value. */
type Texts = Map<string, Map<string, string>>;

const languages = readdirSync(LOCALES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const translations = languages.filter((language) => language !== SOURCE);
const namespacesOf = (language: string): string[] =>
  readdirSync(join(LOCALES, language)).filter((file) => file.endsWith(".json")).sort();
const namespaces = namespacesOf(SOURCE);

function read(language: string, namespace: string): unknown {
  return JSON.parse(readFileSync(join(LOCALES, language, namespace), "utf8"));
}

/** Every leaf of the nested object, by its dotted path. */
function leaves(tree: unknown, prefix = "", into: Leaves = new Map()): Leaves {
  if (tree === null || typeof tree !== "object" || Array.isArray(tree)) {
    into.set(prefix, tree);
    return into;
  }
  for (const [key, value] of Object.entries(tree)) leaves(value, prefix === "" ? key : `${prefix}.${key}`, into);
  return into;
}

function texts(language: string, namespace: string): Texts {
  const grouped: Texts = new Map();
  for (const [key, value] of leaves(read(language, namespace))) {
    const suffix = PLURAL_SUFFIX.exec(key);
    const base = suffix ? key.slice(0, suffix.index) : key;
    const forms = grouped.get(base) ?? new Map<string, string>();
    forms.set(suffix?.[1] ?? "", String(value));
    grouped.set(base, forms);
  }
  return grouped;
}

const variables = (text: string): string[] => [...new Set([...text.matchAll(VARIABLE)].map((match) => match[1] ?? ""))].sort();
/** The plural forms the language's grammar has: CLDR's through `Intl.PluralRules`, and Baraza's own for the languages ICU lacks (Tajik). */
const pluralCategories = (language: string): string[] => [...pluralRules(language).resolvedOptions().pluralCategories].sort();
const isPlural = (forms: Map<string, string>): boolean => !forms.has("");
/** The forms a text has besides an optional `_zero`, which i18next uses for a count of 0 in any language; where the language's grammar has a zero form (Arabic), it is required like the others. */
const withoutZero = (forms: Map<string, string>, expected: readonly string[]): string[] => [...forms.keys()].filter((form) => form !== "zero" || expected.includes("zero")).sort();

/** The letters each language must be written in, where a text has letters of its own; keys listed keep their English form. */
const SCRIPTS: Record<string, { script: string; letters: RegExp; keptAsInEnglish: readonly string[] }> = {
  my: { script: "Myanmar", letters: /[\u1000-\u109F]/u, keptAsInEnglish: ["people.lgbti"] },
  ne: { script: "Devanagari", letters: /[\u0900-\u097F]/u, keptAsInEnglish: [] },
  ar: { script: "Arabic", letters: /[\u0600-\u06FF]/u, keptAsInEnglish: [] },
  ru: { script: "Cyrillic", letters: /[\u0400-\u04FF]/u, keptAsInEnglish: [] },
  ky: { script: "Cyrillic", letters: /[\u0400-\u04FF]/u, keptAsInEnglish: [] },
  tg: { script: "Cyrillic", letters: /[\u0400-\u04FF]/u, keptAsInEnglish: [] },
  sr: { script: "Cyrillic", letters: /[\u0400-\u04FF]/u, keptAsInEnglish: [] },
  bn: { script: "Bengali", letters: /[\u0980-\u09FF]/u, keptAsInEnglish: [] },
  ka: { script: "Georgian", letters: /[\u10A0-\u10FF]/u, keptAsInEnglish: [] },
};

/** Signs that Burmese text was typed in the legacy Zawgyi encoding rather than Unicode. */
const ZAWGYI: { sign: string; pattern: RegExp }[] = [
  { sign: "no code points Zawgyi uses for stacked letters and ligatures (U+1060–U+1097)", pattern: /[\u1060-\u1097]/u },
  { sign: "no vowel sign E (ေ) stored before its consonant", pattern: /(^|[^\u1000-\u1021\u103B-\u103F\u1050-\u1059])\u1031/u },
  { sign: "no stacker (U+1039) standing for the asat, with no consonant after it", pattern: /\u1039(?![\u1000-\u1021])/u },
];

describe("locale files", () => {
  it("include English, the language every other one is checked against", () => {
    expect(languages).toContain(SOURCE);
    expect(namespaces.length).toBeGreaterThan(0);
  });

  it("never lists one typed word for two different answers, in any two languages (they are all understood everywhere)", () => {
    const WORDS = ["skip", "done", "clear", "yes", "no", "cancel"] as const;
    // "ok" ends a list (done) and agrees (yes) in English: a question takes one or the other, never both.
    const ALLOWED = new Set(["done/yes:ok"]);
    const meanings = new Map<string, Set<string>>();
    for (const language of languages) {
      const answers = texts(language, "baraza.json");
      for (const word of WORDS)
        for (const typed of (answers.get(`answers.words.${word}`)?.get("") ?? "").split(",")) {
          const key = typed.trim().toLowerCase().normalize("NFC");
          if (key !== "") meanings.set(key, (meanings.get(key) ?? new Set()).add(word));
        }
    }
    const clashes = [...meanings]
      .filter(([, words]) => words.size > 1)
      .map(([typed, words]) => `${[...words].sort().join("/")}:${typed}`)
      .filter((clash) => !ALLOWED.has(clash));
    expect(clashes).toEqual([]);
  });

  describe.each(languages)("%s", (language) => {
    it("has a file for every English namespace, and no other", () => {
      expect(namespacesOf(language)).toEqual(namespaces);
    });

    describe.each(namespaces)("%s", (namespace) => {
      it("holds only texts (strings), nested in objects", () => {
        const notText = [...leaves(read(language, namespace))].filter(([, value]) => typeof value !== "string" || value === "");
        expect(notText.map(([key]) => key)).toEqual([]);
      });

      it("names commands only as {{cmd.name}}, never typed one platform's way (/vote)", () => {
        const typed = [...leaves(read(language, namespace))].filter(([, value]) => COMMAND_TYPED.test(String(value))).map(([key, value]) => `${key}: ${COMMAND_TYPED.exec(String(value))?.[0] ?? ""}`);
        expect(typed).toEqual([]);
      });

      it("names in {{cmd.name}} only commands there are", () => {
        const unknown = [...leaves(read(language, namespace))].flatMap(([key, value]) =>
          [...String(value).matchAll(COMMAND_VARIABLE)].map((match) => match[1] ?? "").filter((name) => !COMMAND_NAMES.includes(name)).map((name) => `${key}: ${name}`),
        );
        expect(unknown).toEqual([]);
      });

      it("leaves a question's choices to the channel: no list of options in the text", () => {
        const listed = [...leaves(read(language, namespace))].filter(([, value]) => /\{\{\s*options\s*\}\}/.test(String(value))).map(([key]) => key);
        expect(listed).toEqual([]);
      });

      it("gives every plural text exactly the plural forms the language's grammar has", () => {
        const expected = pluralCategories(language);
        const wrong = [...texts(language, namespace)]
          .filter(([, forms]) => isPlural(forms) && withoutZero(forms, expected).join() !== expected.join())
          .map(([base, forms]) => `${base}: ${withoutZero(forms, expected).join(", ")} (needs ${expected.join(", ")}, and may add zero)`);
        expect(wrong).toEqual([]);
      });
    });
  });

  describe.each(translations)("%s, compared with English", (language) => {
    describe.each(namespaces)("%s", (namespace) => {
      const english = texts(SOURCE, namespace);
      const translated = texts(language, namespace);

      it("has every English text, counting the plural forms of one text once", () => {
        const missing = [...english.keys()].filter((base) => !translated.has(base));
        expect(missing).toEqual([]);
      });

      it("has no text that English lacks", () => {
        const extra = [...translated.keys()].filter((base) => !english.has(base));
        expect(extra).toEqual([]);
      });

      it("makes plural exactly the texts that are plural in English", () => {
        const mismatched = [...english]
          .filter(([base, forms]) => translated.has(base) && isPlural(forms) !== isPlural(translated.get(base) ?? new Map()))
          .map(([base]) => base);
        expect(mismatched).toEqual([]);
      });

      it("says 0 in its own words wherever English does (a _zero form)", () => {
        const missing = [...english].filter(([base, forms]) => forms.has("zero") && !translated.get(base)?.has("zero")).map(([base]) => base);
        // A language whose grammar has a zero form (Arabic) has it in every plural text; elsewhere a _zero is only where English says 0 its own way.
        const ownZero = pluralCategories(language).includes("zero");
        const extra = [...translated].filter(([base, forms]) => !ownZero && forms.has("zero") && !english.get(base)?.has("zero")).map(([base]) => base);
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      it("uses in every value the same {{variables}} as English (all forms of a plural together; a _zero form as English's)", () => {
        const wrong: string[] = [];
        for (const [base, englishForms] of english) {
          const of = (texts: string[]) => [...new Set(texts.flatMap(variables))].sort();
          const others = of([...englishForms].filter(([form]) => form !== "zero").map(([, text]) => text));
          for (const [form, text] of translated.get(base) ?? []) {
            const found = variables(text);
            // Arabic's grammatical zero form, where English has none, may leave out what a count of 0 makes needless (the count itself).
            if (form === "zero" && !englishForms.has("zero")) {
              if (found.some((name) => !others.includes(name))) wrong.push(`${base}_zero: {{${found.join("}}, {{")}}} not among {{${others.join("}}, {{")}}}`);
              continue;
            }
            const expected = form === "zero" ? of([englishForms.get("zero") ?? ""]) : others;
            if (found.join() !== expected.join()) wrong.push(`${base}${form === "" ? "" : `_${form}`}: {{${found.join("}}, {{")}}} instead of {{${expected.join("}}, {{")}}}`);
          }
        }
        expect(wrong).toEqual([]);
      });

      it("keeps the English answer words beside its own, since people type either", () => {
        const words = (texts: Texts, word: string) => (texts.get(`answers.words.${word}`)?.get("") ?? "").split(",").map((w) => w.trim());
        const lost = ["skip", "done", "clear", "yes", "no", "cancel"]
          .filter((word) => english.has(`answers.words.${word}`))
          .flatMap((word) => words(english, word).filter((w) => !words(translated, word).includes(w)).map((w) => `${word}: ${w}`));
        expect(lost).toEqual([]);
      });
    });
  });

  describe.each(Object.entries(SCRIPTS).filter(([language]) => languages.includes(language)))("%s, its script", (language, { script, letters, keptAsInEnglish }) => {
    describe.each(namespaces)("%s", (namespace) => {
      const values = [...leaves(read(language, namespace))].map(([key, value]) => [key, String(value)] as const);

      it(`writes every text that has words in ${script} script`, () => {
        const untranslated = values
          .filter(([key]) => !keptAsInEnglish.includes(key))
          .filter(([, text]) => /\p{L}/u.test(text.replace(VARIABLE, "")) && !letters.test(text))
          .map(([key]) => key);
        expect(untranslated).toEqual([]);
      });

      if (language === "my") {
        it.each(ZAWGYI.map(({ sign, pattern }) => [sign, pattern] as const))("is Unicode, not Zawgyi: %s", (_sign, pattern) => {
          expect(values.filter(([, text]) => pattern.test(text)).map(([key]) => key)).toEqual([]);
        });
      }
    });
  });
});
