/**
 * Feeds a bot updates from the talk: some people at once, each person's
 * updates one after another (the next once the last was handled), and
 * fails loudly on an update the bot did not answer in its chat.
 */
import { performance } from "node:perf_hooks";
import type { Bot } from "grammy";
import { personId, type Talk } from "./telegram-talk.ts";

/** Handles `count` updates from the people with these indexes (each answered, if `answers`); returns the milliseconds it took. */
export async function drive(bot: Bot, talk: Talk, people: readonly number[], count: number, name: string, answers: boolean): Promise<number> {
  const each = Math.ceil(count / people.length);
  const started = performance.now();
  await Promise.all(
    people.map(async (index) => {
      for (let i = 0; i < each; i++) {
        const before = talk.answered(personId(index));
        await bot.handleUpdate(talk.next(index));
        if (answers && talk.answered(personId(index)) === before) throw new Error(`${name}: an update from person ${index + 1} was not answered`);
      }
    }),
  );
  return performance.now() - started;
}

/** The indexes of `count` people out of `of`, taking turns round by round. */
export function peopleFor(round: number, count: number, of: number): number[] {
  return Array.from({ length: count }, (_, i) => (round * count + i) % of);
}
