/**
 * Answers typed in the digits and punctuation of every script the shipped
 * languages use mean what the ASCII answer would: a choice, several
 * choices, a number with decimals, a date, a number of days.
 */
import { afterEach, describe, expect, it } from "vitest";
import { LOCALES } from "../../src/domain/locales.ts";
import { normalise, parseChoice, parseChoices, parseFutureDate, parseNumber } from "../../src/flows/answers.ts";
import { GROUP, PLATFORM, rawToGroup, rawToPerson, startHarness, type Harness } from "../support/harness.ts";
import { FACILITATOR, makeCoordinator } from "../support/scenario.ts";

const NOW = new Date("2026-11-23T02:30:00Z");
const accepted = <T>(value: T) => ({ kind: "accepted", value });

describe("answers in every script's digits", () => {
  it("takes a choice in Arabic-Indic, Persian, Devanagari, Bengali and Burmese digits", () => {
    for (const three of ["3", "٣", "۳", "३", "৩", "၃"]) expect(parseChoice(three, 5)).toEqual(accepted(3));
    expect(parseChoice("٦", 5)).toMatchObject({ kind: "rejected", error: { key: "answers.bad-choice" } });
  });

  it("takes several choices separated by spaces, commas, the Arabic comma or Burmese's", () => {
    expect(parseChoices("١، ٣", 5)).toEqual(accepted([1, 3]));
    expect(parseChoices("१, ४ ২", 5)).toEqual(accepted([1, 4, 2]));
    expect(parseChoices("၁၊၂", 5)).toEqual(accepted([1, 2]));
    expect(parseChoices("٠", 5)).toEqual(accepted([]));
  });

  it("takes a number with a decimal point, a comma or the Arabic decimal separator", () => {
    expect(parseNumber("٣٫٥")).toEqual(accepted(3.5));
    expect(parseNumber("३.५")).toEqual(accepted(3.5));
    expect(parseNumber("3,5")).toEqual(accepted(3.5));
    expect(parseNumber("১২")).toEqual(accepted(12));
    expect(parseNumber("बाह्र")).toMatchObject({ kind: "rejected", error: { key: "answers.bad-number" } });
  });

  it("takes a date or a number of days in any of these digits, read in the group's time zone", () => {
    const expected = parseFutureDate("2026-12-31", "Asia/Kathmandu", NOW);
    expect(expected.kind).toBe("accepted");
    for (const date of ["٢٠٢٦-١٢-٣١", "२०२६-१२-३१", "২০২৬-১২-৩১", "၂၀၂၆-၁၂-၃၁"]) expect(parseFutureDate(date, "Asia/Kathmandu", NOW)).toEqual(expected);
    expect(parseFutureDate("+١٤", "Asia/Aden", NOW)).toEqual(parseFutureDate("+14", "Asia/Aden", NOW));
    expect(parseFutureDate("٢٠٢٥-٠١-٠١", "Asia/Aden", NOW)).toMatchObject({ kind: "rejected", error: { key: "answers.past-date" } });
  });
});

describe("words as they are compared", () => {
  it("drops punctuation of Arabic, Devanagari, Bengali and Burmese at either end, and direction marks anywhere", () => {
    expect(normalise("نعم؟")).toBe("نعم");
    expect(normalise("،لا.")).toBe("لا");
    expect(normalise("हो।")).toBe("हो");
    expect(normalise("হ্যাঁ।")).toBe("হ্যাঁ");
    expect(normalise("ဟုတ်ကဲ့။")).toBe("ဟုတ်ကဲ့");
    expect(normalise("\u200fنعم\u2068")).toBe("نعم");
  });

  it("reads Arabic typed with or without vowel marks, stretching, and any form of alif", () => {
    expect(normalise("نَعَمْ")).toBe("نعم");
    expect(normalise("نعـــم")).toBe("نعم");
    expect(normalise("إلغاء")).toBe(normalise("الغاء"));
    expect(normalise("أوافق")).toBe("اوافق");
  });

  it("lowers the case of Cyrillic, Georgian stays as it is, and spaces are single", () => {
    expect(normalise("  ДА  ")).toBe("да");
    expect(normalise("Отмена   сейчас")).toBe("отмена сейчас");
    expect(normalise("კი")).toBe("კი");
  });
});

describe("a group answered in its own script", () => {
  let h: Harness;
  afterEach(() => h.close());

  it("sets a group up in Arabic, answered in Arabic-Indic digits and Arabic words, and then speaks Arabic, right to left", async () => {
    h = await startHarness();
    await makeCoordinator(h);
    await h.group(FACILITATOR, "/setup");
    const arabic = String(LOCALES.indexOf("ar") + 1).replace(/\d/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
    for (const answer of ["مجموعة أمن الحي الرابع", "عدن", arabic, "Asia/Aden", "نعم", "نعم؟", "لا", "أوافق", "لا"]) await h.group(FACILITATOR, answer);
    const group = await h.store.groups.find(PLATFORM, GROUP);
    expect(group).toMatchObject({ locale: "ar", timeZone: "Asia/Aden", name: "مجموعة أمن الحي الرابع" });
    expect((await h.store.siteChecks.list(group?.id ?? -1)).map((check) => check.met)).toEqual([true, true, false, true, false]);
    const done = rawToGroup(h.sent).at(-1) ?? "";
    expect(done).toContain(h.texts.t("ar", "setup.invite-members"));
    expect(done).toContain("\u2068مجموعة أمن الحي الرابع\u2069");
    expect(done.split("\n").filter((line) => line !== "" && !/^[\u200f\u0600-\u06ff]/u.test(line))).toEqual([]);
  });

  it("chooses a language by its own name in any script, or by its English name", async () => {
    h = await startHarness();
    for (const [typed, locale] of [["नेपाली", "ne"], ["русский", "ru"], ["Кыргызча", "ky"], ["বাংলা", "bn"], ["ქართული", "ka"], ["العربية", "ar"], ["Kiswahili", "sw"], ["shqip", "sq"], ["српски", "sr"], ["тоҷикӣ", "tg"], ["Georgian", "ka"]] as const) {
      expect(rawToPerson(await h.dm("aung", `/lang ${typed}`), "aung").at(-1)).toContain(h.texts.t(locale, "language.set"));
      expect((await h.store.people.find(PLATFORM, "aung"))?.locale).toBe(locale);
    }
  });
});

describe("dates in another calendar", () => {
  it("refuses a date more than five years ahead, which is almost always Bikram Sambat (Nepal) or a slip, and says which calendar to use", () => {
    expect(parseFutureDate("2083-08-16", "Asia/Kathmandu", NOW)).toEqual({ kind: "rejected", error: { key: "answers.far-date", vars: { years: 5 } } });
    expect(parseFutureDate("२०८३-०८-१६", "Asia/Kathmandu", NOW)).toMatchObject({ kind: "rejected", error: { key: "answers.far-date" } });
    expect(parseFutureDate("+3650", "Asia/Kathmandu", NOW)).toMatchObject({ kind: "rejected", error: { key: "answers.far-date" } });
    expect(parseFutureDate("2031-11-22", "Asia/Kathmandu", NOW).kind).toBe("accepted");
    expect(parseFutureDate("+1800", "Asia/Kathmandu", NOW).kind).toBe("accepted");
  });
});
