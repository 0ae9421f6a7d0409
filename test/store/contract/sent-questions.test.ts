/**
 * Where questions were sent (`store.sentQuestions`), so that whichever
 * process handles the answer can edit the question or take its buttons away.
 */
import { expect, it } from "vitest";
import { at, describeStore, unique } from "./fixtures.ts";

describeStore("sent questions", (context) => {
  const place = (messageId: string, chatId = "chat-1") => ({ platform: "test", chatId, messageId });

  it("keeps where a question went until it is taken, once", async () => {
    const { store } = context();
    const question = unique("q");
    await store.sentQuestions.remember(question, place("41"), at("2025-03-01T08:00:00Z"));

    expect(await store.sentQuestions.find(question)).toEqual(place("41"));
    expect(await store.sentQuestions.find(question)).toEqual(place("41"));
    expect(await store.sentQuestions.take(question)).toEqual(place("41"));
    expect(await store.sentQuestions.take(question)).toBeNull();
    expect(await store.sentQuestions.find(question)).toBeNull();
  });

  it("answers null for a question it never saw sent", async () => {
    const { store } = context();
    expect(await store.sentQuestions.find(unique("q"))).toBeNull();
    expect(await store.sentQuestions.take(unique("q"))).toBeNull();
  });

  it("keeps only the latest place of a question drawn anew", async () => {
    const { store } = context();
    const question = unique("q");
    await store.sentQuestions.remember(question, place("41"), at("2025-03-01T08:00:00Z"));
    await store.sentQuestions.remember(question, place("57", "chat-2"), at("2025-03-01T08:05:00Z"));

    expect(await store.sentQuestions.take(question)).toEqual(place("57", "chat-2"));
    expect(await store.sentQuestions.take(question)).toBeNull();
  });

  it("gives a question's place to one of two processes taking it at once", async () => {
    const { store, secondWorker } = context();
    const other = await secondWorker();
    const question = unique("q");
    await store.sentQuestions.remember(question, place("41"), at("2025-03-01T08:00:00Z"));

    const taken = await Promise.all([store.transaction((tx) => tx.sentQuestions.take(question)), other.transaction((tx) => tx.sentQuestions.take(question))]);

    expect(taken.filter((ref) => ref !== null)).toEqual([place("41")]);
  });

  it("keeps the day a question was sent, not the moment", async () => {
    const { store, client } = context();
    const question = unique("q");
    await store.sentQuestions.remember(question, place("41"), at("2025-03-01T08:17:23Z"));

    expect((await client.sentQuestion.findUniqueOrThrow({ where: { question } })).sentOn).toEqual(at("2025-03-01T00:00:00Z"));
  });

  it("forgets the places of questions sent before the cutoff's day, and keeps the others", async () => {
    const { store } = context();
    const [old, sameDay, recent] = [unique("q"), unique("q"), unique("q")];
    await store.sentQuestions.remember(old, place("1"), at("2020-02-28T23:59:00Z"));
    await store.sentQuestions.remember(sameDay, place("2"), at("2020-03-01T00:30:00Z"));
    await store.sentQuestions.remember(recent, place("3"), at("2020-03-02T08:00:00Z"));

    // Other tests share the database, but none sends questions before 2021.
    expect(await store.sentQuestions.forgetBefore(at("2020-03-01T12:00:00Z"))).toBe(1);

    expect(await store.sentQuestions.find(old)).toBeNull();
    expect(await store.sentQuestions.find(sameDay)).toEqual(place("2"));
    expect(await store.sentQuestions.find(recent)).toEqual(place("3"));
  });
});
