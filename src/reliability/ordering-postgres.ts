/**
 * Two bot processes on one PostgreSQL, as behind a load balancer: each pair
 * is one person's `/lang` and then `2` (Burmese), sent a few milliseconds
 * apart, the first to one process and the second to the other. Handled in
 * order, the person reads Burmese; the other way round, "2" answers nothing
 * and `/lang` is left waiting. (The audit saw 17 of 30 pairs turned round.)
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Child, script } from "./children.ts";
import { openFor, tempFolder } from "./databases.ts";
import type { Part } from "./part.ts";
import { loggedEvents } from "./process-deps.ts";
import type { Schedule } from "./schedule.ts";
import { PLATFORM } from "./world.ts";

/** How long a process may take to open its store, and to handle its messages. */
const START_MS = 60_000;
const RUN_MS = 120_000;

export async function twoProcessesOnPostgres(part: Part): Promise<void> {
  const url = await part.freshUrl("ordering");
  // Migrated here, so the two processes do not race to create the schema.
  const database = await openFor(part.scope, url);
  const dir = await tempFolder(part.scope, "ordering");
  const schedules: [Schedule, Schedule] = [[], []];
  const people: string[] = [];
  for (let pair = 0; pair < part.settings.pairs; pair += 1) {
    const person = { id: String(30_000 + pair), name: `Person ${pair + 1}` };
    people.push(person.id);
    const at = pair * 60;
    // Which process gets the first message, and how soon the second follows it: a double tap.
    const [first, second] = part.random.chance(0.5) ? schedules : [schedules[1], schedules[0]];
    first.push({ at, person, text: "/lang", order: 1000 + 2 * pair });
    second.push({ at: at + part.random.int(1, 8), person, text: "2", order: 1001 + 2 * pair });
  }
  const children = schedules.map((schedule, index) => {
    const file = join(dir, `schedule-${index}.json`);
    writeFileSync(file, JSON.stringify(schedule));
    return new Child(part.scope, script("./handle-process.ts"), { DATABASE_URL: url, SCHEDULE: file }, { stdin: true });
  });
  const ready = await Promise.all(children.map((child) => child.waitForLine((line) => line === "ready", START_MS)));
  if (ready.includes(false)) throw new Error(`a bot process did not start: ${children.map((child) => child.stderr).join(" ")}`);
  const startAt = Date.now() + 500;
  for (const child of children) child.write(`${startAt}\n`);
  const exits = await Promise.all(children.map((child) => child.end(RUN_MS)));

  const found = await database.client.person.findMany({ where: { platform: PLATFORM, platformUserId: { in: people } }, select: { platformUserId: true, locale: true } });
  const inOrder = found.filter((person) => person.locale === "my").length;
  const turned = people.filter((id) => !found.some((person) => person.platformUserId === id && person.locale === "my")).map((id) => Number(id) - 30_000 + 1);
  const errors = children.flatMap((child) => loggedEvents(child.stderr));
  part.tried(`${part.settings.pairs} pairs of one person's messages (/lang, then 2) split between two processes, 1-8 ms apart; processes ended ${exits.map((exit) => exit.code ?? exit.signal).join(" and ")}`);
  if (turned.length > 0) part.tried(`pairs handled out of order: ${turned.join(", ")}`);
  if (errors.length > 0) part.tried(`the processes logged: ${errors.join(", ")}`);
  part.figure("outOfOrder", part.settings.pairs - inOrder);
  part.figure("processErrors", errors.length + exits.filter((exit) => exit.code !== 0).length);
}
