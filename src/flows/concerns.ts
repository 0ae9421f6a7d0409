/**
 * `concerns`: the concerns the group has seen, by number. `concerns merge
 * 3 5` (a facilitator) folds concern 5 into concern 3 when they are the same.
 * Concerns still waiting for the digest are neither shown nor counted: a
 * count that changes the minute one is sent would time, and so point to,
 * whoever just sent one.
 */
import type { Concern, Person } from "../domain/types.ts";
import { parsePositiveInt } from "../domain/text.ts";
import type { Command } from "./command.ts";
import type { Store } from "./ports.ts";
import type { Texts } from "./texts.ts";
import { concernLabel, lines } from "./render.ts";
import { relay } from "../domain/text.ts";
import type { Turn } from "./turn.ts";

function mergeArgs(args: string): string[] | null {
  const words = args.trim().split(/\s+/);
  return words[0]?.toLowerCase() === "merge" ? words.slice(1) : null;
}

/** One concern as the group sees it: never with the author of an anonymous one. */
export async function describeConcern(store: Store, texts: Texts, locale: string, concern: Concern): Promise<string> {
  return concernLine(texts, locale, concern, concern.authorId === null ? null : await store.people.get(concern.authorId));
}

/** One concern as the group sees it, its author (null for an anonymous one, or one forgotten) already read. */
export function concernLine(texts: Texts, locale: string, concern: Concern, author: Pick<Person, "displayName"> | null): string {
  const by = author ? texts.t(locale, "concerns.raised-by", { name: relay(author.displayName) }) : texts.t(locale, "concerns.anonymous");
  return `${concernLabel(concern.number, concern.text)} (${by})`;
}

/** Several concerns as the group sees them, one line each; read one after another, as a transaction's queries must be. */
export async function describeConcerns(store: Store, texts: Texts, locale: string, concerns: readonly Concern[]): Promise<string[]> {
  const rows: string[] = [];
  for (const concern of concerns) rows.push(await describeConcern(store, texts, locale, concern));
  return rows;
}


export const concerns: Command = {
  name: "concerns",
  needsGroup: true,
  action: (_turn, args) => (mergeArgs(args) ? "concerns.merge" : "concerns.view"),
  async run(turn, args) {
    const group = turn.group;
    if (!group) return;
    const merge = mergeArgs(args);
    if (merge) return mergeConcerns(turn, merge);
    const shown = (await turn.store.concerns.list(group.id, ["open", "priority"])).filter((c) => c.announcedAt !== null);
    if (shown.length === 0) {
      turn.reply("concerns.none");
      return;
    }
    const rows = await describeConcerns(turn.store, turn.deps.texts, turn.locale, shown);
    turn.say(lines(turn.t("concerns.title"), ...rows.map((row, i) => `${shown[i]?.status === "priority" ? "⭐ " : ""}${row}`)));
  },
};

async function mergeConcerns(turn: Turn, words: string[]): Promise<void> {
  const group = turn.group;
  const into = parsePositiveInt(words[0] ?? "");
  const merged = parsePositiveInt(words[1] ?? "");
  if (!group || into === null || merged === null || words.length !== 2) {
    turn.reply("concerns.merge-usage");
    return;
  }
  const result = await turn.store.concerns.merge(group.id, into, merged);
  if (!result) {
    turn.reply("concerns.merge-failed", { into, merged });
    return;
  }
  await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "concern.merged", entity: "concern", entityId: result.id, details: { merged } });
  turn.reply("concerns.merged", { into, merged });
}
