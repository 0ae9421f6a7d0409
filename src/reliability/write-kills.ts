/**
 * kill -9 during writes: a bot process handles a stream of updates and
 * acknowledges each once `handle` has resolved (what a webhook answers
 * Telegram); it is killed at random moments and started again with the
 * updates not yet acknowledged, as Telegram redelivers them. An
 * acknowledged update whose effect is missing at the end is a lost write:
 * Telegram will never send it again. An effect found twice is a write
 * doubled by a redelivery.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../store/database.ts";
import { Child, script } from "./children.ts";
import { openFor, tempFolder } from "./databases.ts";
import { killUntilDone, type KillReport } from "./kill-loop.ts";
import type { Part } from "./part.ts";
import { loggedEvents } from "./process-deps.ts";
import { groupAtStep2 } from "./scenario.ts";
import { writeUpdates, type WriteUpdate } from "./write-updates.ts";
import { PLATFORM, World } from "./world.ts";

export interface WriteKills extends KillReport {
  updates: number;
  doubled: number;
}

export async function killDuringWrites(part: Part): Promise<WriteKills> {
  const url = await part.freshUrl("kill-writes");
  const setup = await openFor(part.scope, url);
  const members = await groupAtStep2(new World(setup), 12);
  // SQLite serves one process: the bot processes open it alone.
  await setup.close();
  const updates = writeUpdates(part.random.fork("updates"), part.settings.writes, members);
  const dir = await tempFolder(part.scope, "kill-writes");
  const acknowledged = new Set<number>();
  const children: Child[] = [];

  const runs = await killUntilDone(part, part.settings.kills, {
    msPerUnit: part.provider === "sqlite" ? 10 : 30,
    left: () => updates.filter((update) => !acknowledged.has(update.updateId)).length,
    done: (child) => child.lines.filter((line) => line.startsWith("ack ")).length,
    start(run) {
      for (const child of children) for (const line of child.lines) if (line.startsWith("ack ")) acknowledged.add(Number(line.slice(4)));
      const file = join(dir, `updates-${run}.json`);
      writeFileSync(file, JSON.stringify(updates.filter((update) => !acknowledged.has(update.updateId))));
      const child = new Child(part.scope, script("./write-process.ts"), { DATABASE_URL: url, UPDATES: file });
      children.push(child);
      return child;
    },
  });
  for (const child of children) for (const line of child.lines) if (line.startsWith("ack ")) acknowledged.add(Number(line.slice(4)));
  if (acknowledged.size < updates.length) throw new Error(`only ${acknowledged.size} of ${updates.length} updates were acknowledged after ${runs.length} runs`);

  const check = await openFor(part.scope, url);
  const { lost, doubled } = await missingEffects(check.client, updates.filter((update) => acknowledged.has(update.updateId)));
  await check.close();
  return {
    url,
    updates: updates.length,
    killedAfter: runs.filter((run) => run.killed).map((run) => run.units),
    runs: runs.length,
    lost,
    doubled,
    errors: children.flatMap((child) => loggedEvents(child.stderr)),
  };
}

/** Acknowledged updates whose effect the store does not hold, and effects it holds more than once. */
async function missingEffects(db: Db, acknowledged: WriteUpdate[]): Promise<{ lost: number; doubled: number }> {
  let lost = 0;
  let doubled = 0;
  // A person's language is the last one they chose.
  const lastLocale = new Map<string, string>();
  for (const update of acknowledged) {
    const effect = update.effect;
    if (effect.kind === "concern") {
      const found = await db.concern.count({ where: { text: effect.text } });
      if (found === 0) lost += 1;
      doubled += Math.max(0, found - 1);
    } else if (effect.kind === "consent") {
      const person = await db.person.findUnique({ where: { platform_platformUserId: { platform: PLATFORM, platformUserId: effect.personId } }, select: { id: true } });
      const member = person ? await db.membership.count({ where: { personId: person.id, consentAt: { not: null }, leftAt: null } }) : 0;
      if (member !== 1) lost += 1;
    } else if (effect.kind === "locale") {
      lastLocale.set(effect.personId, effect.locale);
    }
  }
  for (const [personId, locale] of lastLocale) {
    const person = await db.person.findUnique({ where: { platform_platformUserId: { platform: PLATFORM, platformUserId: personId } }, select: { locale: true } });
    if (person?.locale !== locale) lost += 1;
  }
  return { lost, doubled };
}
