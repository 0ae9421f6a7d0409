/**
 * The retention sweep forgets where questions were sent after a week
 * (SENT_QUESTION_MS), long before the retention period: a place in a
 * private chat names the person, and is only needed while the question is
 * fresh.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { expireOldData } from "../../src/flows/privacy.ts";
import { startHarness, type Harness } from "../support/harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const DAY_MS = 24 * 3_600_000;

it("forgets the places of questions sent more than a week ago, and keeps the newer ones", async () => {
  const now = h.clock.now();
  const place = (messageId: string) => ({ platform: "test", chatId: "dm-aung", messageId });
  await h.store.sentQuestions.remember("old", place("1"), new Date(now.getTime() - 9 * DAY_MS));
  await h.store.sentQuestions.remember("fresh", place("2"), new Date(now.getTime() - 5 * DAY_MS));
  // Asked again two days ago: a question drawn anew keeps its place from then.
  await h.store.sentQuestions.remember("redrawn", place("3"), new Date(now.getTime() - 10 * DAY_MS));
  await h.store.sentQuestions.remember("redrawn", place("4"), new Date(now.getTime() - 2 * DAY_MS));

  const counts = await expireOldData(h.store, now, 365);

  expect(counts["SentQuestion"]).toBe(1);
  expect(await h.store.sentQuestions.find("old")).toBeNull();
  expect(await h.store.sentQuestions.find("fresh")).toEqual(place("2"));
  expect(await h.store.sentQuestions.find("redrawn")).toEqual(place("4"));
});
