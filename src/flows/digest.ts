/**
 * The concern digest: every concern not yet shown to the group, together in
 * one message, so no concern's moment of arrival points to its author.
 */
import type { Group } from "../domain/types.ts";
import { describeConcerns } from "./concerns.ts";
import type { Store } from "./ports.ts";
import { lines } from "./render.ts";
import type { Texts } from "./texts.ts";

/** Marks the group's waiting concerns as shown and returns the digest to post, or null if none were waiting. */
export async function announceConcerns(store: Store, texts: Texts, group: Group, now: Date): Promise<string | null> {
  const waiting = await store.concerns.unannounced(group.id);
  if (waiting.length === 0) return null;
  const rows = await describeConcerns(store, texts, group.locale, waiting);
  await store.concerns.markAnnounced(waiting.map((c) => c.id), now);
  return lines(texts.t(group.locale, "digest.title", { count: waiting.length }), ...rows, "", texts.t(group.locale, "digest.footer"));
}
