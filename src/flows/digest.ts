/**
 * The concern digest: every concern not yet shown to the group, together in
 * one message, so no concern's moment of arrival points to its author.
 */
import type { Concern, Group, Person } from "../domain/types.ts";
import { concernLine } from "./concerns.ts";
import type { Store } from "./ports.ts";
import { lines } from "./render.ts";
import type { Texts } from "./texts.ts";

/** Marks the group's waiting concerns as shown and returns the digest to post, or null if none were waiting. */
export async function announceConcerns(store: Store, texts: Texts, group: Group, now: Date): Promise<string | null> {
  const waiting = await store.concerns.unannounced(group.id);
  if (waiting.length === 0) return null;
  const text = await digestOf(texts, group, waiting, (id) => store.people.get(id));
  await store.concerns.markAnnounced(waiting.map((c) => c.id), now);
  return text;
}

/**
 * The digest of these waiting concerns, in the group's language; `person`
 * reads an author (the sweep's reads each once per batch). Marking them
 * shown is the caller's.
 */
export async function digestOf(texts: Texts, group: Group, waiting: readonly Concern[], person: (personId: number) => Promise<Person | null>): Promise<string> {
  const rows: string[] = [];
  for (const concern of waiting) rows.push(concernLine(texts, group.locale, concern, concern.authorId === null ? null : await person(concern.authorId)));
  return lines(texts.t(group.locale, "digest.title", { count: waiting.length }), ...rows, "", texts.t(group.locale, "digest.footer"));
}
