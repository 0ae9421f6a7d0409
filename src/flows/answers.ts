/**
 * Reading people's answers to the bot's questions. Each reader returns the
 * value or the phrase that says, briefly, what was wrong, so the flow can
 * ask the same question again.
 */
import { DateTime } from "luxon";
import { localDate } from "../domain/dates.ts";
import { asciiDigits, cleanName, cleanText, NAME_LIMIT, parsePositiveInt, TEXT_LIMIT } from "../domain/text.ts";
import type { Phrase } from "./texts.ts";
import type { Turn } from "./turn.ts";

export type Answer<T> = { kind: "accepted"; value: T } | { kind: "rejected"; error: Phrase };

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
  const tokens = asciiDigits(text).split(/[\s,၊]+/).filter((token) => token !== "");
  if (tokens.length === 0) return rejected("answers.empty-choice", { max: count });
  if (tokens.length === 1 && tokens[0] === "0") return accepted([]);
  const values: number[] = [];
  for (const token of tokens) {
    const value = parsePositiveInt(token);
    if (value === null || value > count) return rejected("answers.bad-choice", { max: count });
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

/** Whether the answer is one of the words (in any language shipped, or the chat's) that mean "skip" or "done". */
export function isWord(turn: Turn, text: string, word: "skip" | "done" | "clear"): boolean {
  const answer = text.trim().toLowerCase();
  const words = new Set([word, ...turn.t(`answers.words.${word}`).split(",").map((w) => w.trim().toLowerCase())]);
  return words.has(answer);
}

/** A number, which may have decimals, in ASCII or Burmese digits. */
export function parseNumber(text: string): Answer<number> {
  const normalised = asciiDigits(text.trim()).replace(",", ".");
  if (!/^-?\d+(\.\d+)?$/.test(normalised)) return rejected("answers.bad-number");
  return accepted(Number(normalised));
}

/**
 * A day, read in the group's time zone, today or later: a date like
 * 2026-12-31, or a number of days from today like +14. The result is the
 * start of that day in the group's time zone.
 */
export function parseFutureDate(text: string, timeZone: string, now: Date): Answer<Date> {
  const answer = asciiDigits(text.trim());
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  const relative = /^\+(\d{1,4})$/.exec(answer);
  if (relative?.[1]) return accepted(today.plus({ days: Number(relative[1]) }).toJSDate());
  const date = DateTime.fromISO(answer, { zone: timeZone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(answer) || !date.isValid) return rejected("answers.bad-date");
  if (date < today) return rejected("answers.past-date");
  return accepted(date.toJSDate());
}

/** A date shown to people, in the group's time zone (see src/domain/dates.ts). */
export function showDate(date: Date, timeZone: string): string {
  return localDate(date, timeZone);
}
