/**
 * Plural forms come from each language's CLDR rules; Tajik, which Node's ICU
 * lacks (it silently answers with English's rules), from Baraza's own.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { hasOwnPluralRules, pluralRules } from "../../src/domain/plurals.ts";
import { loadTexts } from "../../src/i18n.ts";

function textsWith(locale: string, forms: Record<string, string>) {
  const directory = mkdtempSync(join(tmpdir(), "baraza-plurals-"));
  for (const [language, texts] of [
    ["en", { tasks_one: "{{count}} task", tasks_other: "{{count}} tasks" }],
    [locale, Object.fromEntries(Object.entries(forms).map(([form, text]) => [`tasks_${form}`, text]))],
  ] as const) {
    mkdirSync(join(directory, language), { recursive: true });
    writeFileSync(join(directory, language, "baraza.json"), JSON.stringify(texts));
  }
  return loadTexts({ directory, fallbackLocale: "en" });
}

describe("plural forms", () => {
  it("has no Tajik rules in ICU: Intl answers for Tajik with another language's rules", () => {
    expect(new Intl.PluralRules("tg").resolvedOptions().locale).not.toMatch(/^tg/);
    expect(hasOwnPluralRules("tg")).toBe(true);
    expect(hasOwnPluralRules("tg-TJ")).toBe(true);
  });

  it("gives Tajik its own rules: one for 1, other for every other number", () => {
    const rules = pluralRules("tg");
    expect(rules.resolvedOptions().pluralCategories).toEqual(["one", "other"]);
    expect([0, 1, 2, 5, 11, 21, 101, 1.5].map((n) => rules.select(n))).toEqual(["other", "one", "other", "other", "other", "other", "other", "other"]);
  });

  it("has i18next choose Tajik forms by Baraza's rules, not by the English ones ICU would give", () => {
    const texts = textsWith("tg", { one: "{{count}} вазифа (one)", other: "{{count}} вазифа (other)" });
    const select = vi.spyOn(pluralRules("tg"), "select");
    expect(texts.t("tg", "tasks", { count: 1 })).toBe("1 вазифа (one)");
    expect(texts.t("tg", "tasks", { count: 3 })).toBe("3 вазифа (other)");
    expect(select).toHaveBeenCalledWith(3);
    select.mockRestore();
  });

  it("uses ICU's rules for the other languages: Arabic's six forms, Russian's four, Serbian's three", () => {
    const arabic = textsWith("ar", { zero: "zero", one: "one", two: "two", few: "few", many: "many", other: "other" });
    expect([0, 1, 2, 3, 11, 100].map((count) => arabic.t("ar", "tasks", { count }))).toEqual(["zero", "one", "two", "few", "many", "other"]);
    const russian = textsWith("ru", { one: "one", few: "few", many: "many", other: "other" });
    expect([1, 21, 2, 24, 5, 11, 1.5].map((count) => russian.t("ru", "tasks", { count }))).toEqual(["one", "one", "few", "few", "many", "many", "other"]);
    const serbian = textsWith("sr", { one: "one", few: "few", other: "other" });
    expect([1, 21, 3, 5, 12].map((count) => serbian.t("sr", "tasks", { count }))).toEqual(["one", "one", "few", "other", "other"]);
    expect(pluralRules("my").resolvedOptions().pluralCategories).toEqual(["other"]);
  });
});
