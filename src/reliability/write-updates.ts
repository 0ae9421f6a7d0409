/**
 * The updates a killed bot process writes, each with the effect it leaves in
 * the store once handled, so that an acknowledged update whose effect is
 * missing can be found: anonymous concerns in one go (the concern), a
 * newcomer's consent to join (the membership), a language chosen (the
 * person's language). Updates that only open a question have no effect of
 * their own to look for.
 */
import { z } from "zod";
import type { Random } from "./random.ts";
import { GROUP_CHAT, type Speaker } from "./world.ts";

export const writeUpdateSchema = z.object({
  updateId: z.number().int(),
  person: z.object({ id: z.string(), name: z.string() }),
  chat: z.enum(["group", "private"]),
  text: z.string(),
  effect: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("concern"), text: z.string() }),
    z.object({ kind: z.literal("consent"), personId: z.string() }),
    z.object({ kind: z.literal("locale"), personId: z.string(), locale: z.string() }),
    z.object({ kind: z.literal("none") }),
  ]),
});
export type WriteUpdate = z.infer<typeof writeUpdateSchema>;

/** The first update id of the part. */
const FIRST_ID = 500_000;

/** About `count` updates, from `members` and from newcomers who join. */
export function writeUpdates(random: Random, count: number, members: readonly Speaker[]): WriteUpdate[] {
  const updates: WriteUpdate[] = [];
  let newcomers = 0;
  const add = (person: Speaker, chat: WriteUpdate["chat"], text: string, effect: WriteUpdate["effect"]) => updates.push({ updateId: FIRST_ID + updates.length, person, chat, text, effect });
  while (updates.length < count) {
    const person = random.pick(members);
    const roll = random.next();
    if (roll < 0.6) {
      const text = `Acknowledged concern ${updates.length}: shots heard near the school`;
      add(person, "private", `/concern ${text}`, { kind: "concern", text });
    } else if (roll < 0.8) {
      newcomers += 1;
      const newcomer = { id: String(40_000 + newcomers), name: `Newcomer ${newcomers}` };
      add(newcomer, "group", "/join", { kind: "none" });
      add(newcomer, "private", "1", { kind: "consent", personId: newcomer.id });
    } else {
      const locale = random.pick(["en", "my"]);
      add(person, "private", "/lang", { kind: "none" });
      add(person, "private", locale === "en" ? "1" : "2", { kind: "locale", personId: person.id, locale });
    }
  }
  return updates;
}

/** The chat an update was written in. */
export function chatOf(update: WriteUpdate): { id: string; kind: WriteUpdate["chat"] } {
  return update.chat === "group" ? { id: GROUP_CHAT, kind: "group" } : { id: update.person.id, kind: "private" };
}
