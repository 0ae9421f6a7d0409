/**
 * A concern line names its author ("(anonymous)", "(raised by Aung)") in
 * words no other text of any language uses: the fuzz's check that nothing
 * the bot posts can be forged to point at someone (src/reliability) tells a
 * concern line by those words, and so would take any other text that has
 * them for a forgery, or miss one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "../src/domain/locales.ts";
import { loadTexts, LOCALES_DIR } from "../src/i18n.ts";
import { GroupTextCheck } from "../src/reliability/group-texts.ts";

const AUTHOR_KEYS = ["concerns.anonymous", "concerns.raised-by"];

function leaves(tree: unknown, prefix: string, into: [string, string][] = []): [string, string][] {
  if (typeof tree === "string") into.push([prefix, tree]);
  else if (tree && typeof tree === "object") for (const [key, value] of Object.entries(tree)) leaves(value, prefix === "" ? key : `${prefix}.${key}`, into);
  return into;
}

describe("the words that name a concern's author", () => {
  const check = new GroupTextCheck(loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en" }));

  it.each(LOCALES)("appear in no other text of %s", (locale) => {
    const folder = join(LOCALES_DIR, locale);
    const others = readdirSync(folder)
      .filter((file) => file.endsWith(".json"))
      .flatMap((file) => leaves(JSON.parse(readFileSync(join(folder, file), "utf8")), file === "baraza.json" ? "" : `${file.slice(0, -5)}:`))
      .filter(([key]) => !AUTHOR_KEYS.includes(key.replace(/^:/, "")))
      .filter(([, text]) => check.namesAnAuthor(text))
      .map(([key]) => key);
    expect(others).toEqual([]);
  });
});

describe("the check of what the bot posts in a group", () => {
  const check = new GroupTextCheck(loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en" }));

  it("takes the marks of the bot's own texts for what they are: Arabic's right-to-left mark and isolates, joiners inside Nepali and Bengali words", () => {
    expect(check.problems("\u200f\u2068Aung\u2069 انضم\nالقراءات: \u2067\u20683\u2069 ← 4\u2069")).toEqual([]);
    expect(check.problems("कृपया ईस्वी संवत्‌को मिति लेख्नुहोस्")).toEqual([]);
    expect(check.problems("র‍্যাব")).toEqual([]);
  });

  it("still finds a hidden character, a mark in the middle of a line, a lone joiner and an unbalanced isolate", () => {
    expect(check.problems("safe\u200btext").map((p) => p.problem)).toEqual(["hidden character"]);
    expect(check.problems("انضم \u200fJohn").map((p) => p.problem)).toEqual(["hidden character"]);
    expect(check.problems(" \u200c#1").map((p) => p.problem)).toContain("hidden character");
    expect(check.problems("\u2068open").map((p) => p.problem)).toEqual(["unbalanced isolate"]);
  });
});
