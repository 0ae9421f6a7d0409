/**
 * `concerns`: the concerns the group has seen, by number. `concerns merge
 * 3 5` (a facilitator) folds concern 5 into concern 3 when they are the same.
 * Concerns still waiting for the digest are counted, not shown.
 */
import type { Concern } from "../domain/types.ts";
import { parsePositiveInt } from "../domain/text.ts";
import type { Command } from "./command.ts";
import type { Store } from "./ports.ts";
import type { Texts } from "./texts.ts";
import { lines } from "./render.ts";
import type { Turn } from "./turn.ts";

function mergeArgs(args: string): string[] | null {
  const words = args.trim().split(/\s+/);
  return words[0]?.toLowerCase() === "merge" ? words.slice(1) : null;
}

/** One concern as the group sees it: never with the author of an anonymous one. */
export async function describeConcern(store: Store, texts: Texts, locale: string, concern: Concern): Promise<string> {
  const author = concern.authorId === null ? null : await store.people.get(concern.authorId);
  const by = author ? texts.t(locale, "concerns.raised-by", { name: author.displayName }) : texts.t(locale, "concerns.anonymous");
  return `#${concern.number} ${concern.text} (${by})`;
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
    const all = await turn.store.concerns.list(group.id, ["open", "priority"]);
    const shown = all.filter((c) => c.announcedAt !== null);
    const waiting = all.length - shown.length;
    if (shown.length === 0 && waiting === 0) {
      turn.reply("concerns.none");
      return;
    }
    const rows = await Promise.all(shown.map(async (c) => `${c.status === "priority" ? "⭐ " : ""}${await describeConcern(turn.store, turn.deps.texts, turn.locale, c)}`));
    turn.say(lines(turn.t("concerns.title"), ...rows, waiting > 0 ? `\n${turn.t("concerns.waiting", { count: waiting })}` : null));
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
