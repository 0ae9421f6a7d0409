/**
 * The updates the replay part delivers several times: things that write
 * (anonymous concerns in one go, named ones asked step by step, ballots,
 * a language chosen, newcomers joining and consenting), numbered as
 * Telegram numbers updates, each to go through `handle` or the webhook.
 */
import type { Inbound } from "../flows/messages.ts";
import type { Random } from "./random.ts";
import { inGroup, inPrivate, type Speaker } from "./world.ts";

export interface ReplayUpdate {
  inbound: Inbound;
  /** What the update belongs to, for the lines that say what was tried. */
  kind: "concern" | "named concern" | "ballot" | "language" | "join";
  /** Through `baraza.handle` directly, or posted to the real webhook. */
  route: "handle" | "webhook";
  /** How many times it is delivered at once: 2 to 5, as a platform redelivering under load might. */
  copies: number;
}

/** The first update id; Telegram's are large numbers counting up. */
const FIRST_ID = 700_000;

/** About `count` updates (a step of several updates is never cut), from `members` and newcomers. */
export function replayUpdates(random: Random, count: number, members: readonly Speaker[]): ReplayUpdate[] {
  const updates: ReplayUpdate[] = [];
  let newcomers = 0;
  const add = (kind: ReplayUpdate["kind"], inbound: Inbound) => {
    const id = FIRST_ID + updates.length;
    updates.push({ inbound: { ...inbound, updateId: String(id), order: id }, kind, route: random.chance(1 / 3) ? "webhook" : "handle", copies: random.int(2, 5) });
  };
  while (updates.length < count) {
    const person = random.pick(members);
    const roll = random.next();
    if (roll < 0.3) {
      add("concern", inPrivate(person, `/concern Replayed concern ${updates.length}: the bridge lights are out`));
    } else if (roll < 0.4) {
      add("named concern", inPrivate(person, "/concern named"));
      add("named concern", inPrivate(person, `Replayed named concern ${updates.length}: soldiers at the crossing`));
    } else if (roll < 0.65) {
      add("ballot", inPrivate(person, `/vote ${[1, 2, 3].map(() => random.int(1, 3)).join(" ")}`));
    } else if (roll < 0.8) {
      add("language", inPrivate(person, "/lang"));
      add("language", inPrivate(person, random.pick(["1", "2"])));
    } else {
      newcomers += 1;
      const newcomer: Speaker = { id: String(8000 + newcomers), name: `Newcomer ${newcomers}` };
      add("join", inGroup(newcomer, "/join"));
      add("join", inPrivate(newcomer, "1"));
      add("join", inPrivate(newcomer, "0"));
    }
  }
  return updates;
}
