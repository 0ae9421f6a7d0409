/**
 * Reading people's answers to the bot's questions. Each reader returns the
 * value or the phrase that says, briefly, what was wrong, so the flow can
 * ask the same question again.
 */
import { DateTime } from "luxon";
import { localDate } from "../domain/dates.ts";
import { LOCALES } from "../domain/locales.ts";
import { asciiDigits, cleanName, cleanText, NAME_LIMIT, parsePositiveInt, relay, TEXT_LIMIT } from "../domain/text.ts";
import type { Choice } from "./messages.ts";
import type { Phrase, Texts } from "./texts.ts";
import type { ConversationData, Turn } from "./turn.ts";

/**
 * What an answer was read as, or why it was refused; `choices`: the
 * question's choices the refused answer could have meant, to offer again
 * in place of them all (see `understand`).
 */
export type Answer<T> = { kind: "accepted"; value: T } | { kind: "rejected"; error: Phrase; choices?: Choice[] };

const accepted = <T>(value: T): Answer<T> => ({ kind: "accepted", value });
const rejected = <T>(key: string, vars?: Record<string, unknown>): Answer<T> => ({ kind: "rejected", error: { key, vars } });

/** One number from 1 to `count`. */
export function parseChoice(text: string, count: number): Answer<number> {
  const trimmed = text.trim();
  if (trimmed === "") return rejected("answers.empty-choice", { max: count });
  const value = parsePositiveInt(trimmed);
  if (value === null || value > count) return rejected("answers.bad-choice", { max: count });
  return accepted(value);
}

/** Several different numbers from 1 to `count`, or none at all with 0. */
export function parseChoices(text: string, count: number): Answer<number[]> {
  const tokens = asciiDigits(text).split(/[\s,၊،؛]+/u).filter((token) => token !== "");
  if (tokens.length === 0) return rejected("answers.empty-choices", { max: count });
  if (tokens.length === 1 && tokens[0] === "0") return accepted([]);
  const values: number[] = [];
  for (const token of tokens) {
    const value = parsePositiveInt(token);
    if (value === null || value > count) return rejected("answers.bad-choices", { max: count });
    if (!values.includes(value)) values.push(value);
  }
  return accepted(values);
}

/** Free text, trimmed and cut at the limit; `truncated` says whether it was cut. */
export function parseText(text: string, limit: number = TEXT_LIMIT): Answer<{ text: string; truncated: boolean }> {
  const cleaned = cleanText(text, limit);
  if (cleaned.kind === "rejected") return rejected("answers.empty-text");
  return accepted({ text: cleaned.text, truncated: cleaned.truncated });
}

/** A name (a group's, a place, a stakeholder, a task, a measure): like `parseText`, on one line. */
export function parseName(text: string): Answer<{ text: string; truncated: boolean }> {
  return parseText(cleanName(text), NAME_LIMIT);
}

/** The note a person gets when their text was longer than the limit and was cut. */
export function truncationNote(turn: Turn, truncated: boolean, limit: number = TEXT_LIMIT): string {
  return truncated ? `${turn.t("answers.truncated", { limit })}\n` : "";
}

/** Words that answer a question the same way in every language, each listed in the texts under `answers.words`. */
export type Word = "skip" | "done" | "clear" | "yes" | "no" | "cancel";

/**
 * An answer or label as it is compared: lower case, spaces single, no full
 * stop or mark of punctuation at either end (Latin, Arabic ، ؛ ؟, the
 * dandas of Devanagari and Bengali ।, Burmese ။ ၊), no direction marks, and
 * Arabic written the way people type it on any keyboard: without its
 * optional vowel marks and stretching, and with one alif for أ إ آ; letters
 * that can be typed composed or decomposed (Bengali য়) compared composed.
 */
export function normalise(text: string): string {
  return text
    .normalize("NFC")
    .replace(/[\u2066-\u2069\u200e\u200f\u061c\u2060“”„«»"]/gu, "")
    .replace(/[\u064b-\u065f\u0670\u0640]/gu, "")
    .replace(/[أإآ]/gu, "ا")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/^[\s.!?,;:။၊،؛؟।॥]+|[\s.!?,;:။၊،؛؟।॥]+$/gu, "");
}

/** Each loaded set of texts' answer words, read once: they are looked up on every answer. */
const wordSets = new WeakMap<Texts, Map<Word, Set<string>>>();

/** The words meaning `word` in every language shipped, so a person is understood whichever language the chat is in. */
function wordsFor(texts: Texts, word: Word): Set<string> {
  let sets = wordSets.get(texts);
  if (!sets) wordSets.set(texts, (sets = new Map()));
  let words = sets.get(word);
  if (!words) {
    words = new Set<string>([word]);
    for (const locale of LOCALES) for (const each of texts.t(locale, `answers.words.${word}`).split(",")) words.add(normalise(each));
    words.delete("");
    sets.set(word, words);
  }
  return words;
}

/** Whether the answer is one of the words (in any language shipped) that mean `word`: "skip", "done", "yes", "cancel"... */
export function isWord(turn: Turn, text: string, word: Word): boolean {
  return wordsFor(turn.deps.texts, word).has(normalise(text));
}

/** Whether the answer is a word for "cancel" in any language shipped: typed without its slash, it stops a waiting question. */
export function isCancelWord(deps: { texts: Texts }, text: string): boolean {
  return wordsFor(deps.texts, "cancel").has(normalise(text));
}

/** A choice's label as an answer is compared with it: without the marks and numbers before its words (`✅ `, `➕ 2. `, `#3 `). */
function labelWords(label: string): string {
  return normalise(label)
    .replace(/^[\p{S}\s]+/u, "")
    .replace(/^(#?\d+[.)]?(\s+|$))+/u, "");
}

/**
 * What a typed answer to a question means, read the same way for every
 * question of every flow (see `route`): a choice's label, or an unambiguous
 * start of it, stands for its number (or for the answer its button sends);
 * on a yes-or-no question (`yesNo`), or among choices labelled yes and no, a
 * word for yes or no stands for that choice. Words for skip, done and clear
 * are left for the flow, and so is anything else: numbers, and the free text
 * of questions without choices. A start that fits several choices is
 * refused with the choices it could be, which the question is asked again
 * with (same question, so a press on one still counts).
 */
export function understand(turn: Turn, data: ConversationData, text: string): Answer<string> {
  const choices = data.choices ?? [];
  const answer = normalise(text);
  if (choices.length === 0 || !/\p{L}/u.test(answer)) return accepted(text);
  const { texts } = turn.deps;
  const meant = (choice: Choice) => choice.answer ?? String(choice.number);
  const exact = choices.filter((choice) => labelWords(choice.label) === answer || normalise(choice.label) === answer);
  if (exact.length === 1 && exact[0]) return accepted(meant(exact[0]));
  for (const word of ["yes", "no"] as const) {
    if (!wordsFor(texts, word).has(answer)) continue;
    const labels = new Set(LOCALES.map((locale) => normalise(texts.t(locale, `answers.${word}`))));
    const choice = data["yesNo"] === true ? choices[word === "yes" ? 0 : 1] : choices.find((c) => labels.has(normalise(c.label)));
    if (choice) return accepted(meant(choice));
  }
  if ((["skip", "done", "clear"] as const).some((word) => wordsFor(texts, word).has(answer))) return accepted(text);
  const starting = choices.filter((choice) => labelWords(choice.label).startsWith(answer));
  if (starting.length === 1 && starting[0]) return accepted(meant(starting[0]));
  if (starting.length > 1) return { kind: "rejected", error: { key: "answers.ambiguous", vars: { answer: relay(text) } }, choices: starting };
  return accepted(text);
}

/** A number, which may have decimals, in ASCII or Burmese digits. */
export function parseNumber(text: string): Answer<number> {
  const normalised = asciiDigits(text.trim()).replace(/[,٫]/u, ".");
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return rejected("answers.bad-number");
  return accepted(Number(normalised));
}

/**
 * How far ahead a date may be. A plan's review or a task's due date years
 * away is almost always a date written in another calendar: Nepal's Bikram
 * Sambat runs about 57 years ahead of the Gregorian (2083-08-16 is a date of
 * 2026), and would set a review no one is ever reminded of. The texts
 * (`answers.far-date`) are written for 5.
 */
const FAR_YEARS = 5;

/**
 * A day, read in the group's time zone, today or later and at most
 * FAR_YEARS ahead: a date like 2026-12-31, or a number of days from today
 * like +14. The result is the start of that day in the group's time zone.
 */
export function parseFutureDate(text: string, timeZone: string, now: Date): Answer<Date> {
  const answer = asciiDigits(text.trim());
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  const relative = /^\+(\d{1,5})$/.exec(answer);
  const date = relative?.[1] ? today.plus({ days: Number(relative[1]) }) : DateTime.fromISO(answer, { zone: timeZone });
  if (!relative && (!/^\d{4}-\d{2}-\d{2}$/.test(answer) || !date.isValid)) return rejected("answers.bad-date");
  if (date < today) return rejected("answers.past-date");
  if (date > today.plus({ years: FAR_YEARS })) return rejected("answers.far-date", { years: FAR_YEARS });
  return accepted(date.toJSDate());
}

/** A date shown to people, in the group's time zone (see src/domain/dates.ts). */
export function showDate(date: Date, timeZone: string): string {
  return localDate(date, timeZone);
}
