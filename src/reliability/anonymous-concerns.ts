/**
 * Anonymous concerns raised through `handle` as a platform delivers them
 * (with update ids), both ways an anonymous concern is raised: in one go in
 * private (`/concern <text>`), and after `/concern` in the group (which
 * sends the way to do it to the private chat). Each comes from another
 * member, under a display name the bot has not seen yet (so the author's
 * own row has something to write), some seconds after the message before.
 */
import { Duration } from "luxon";
import type { Random } from "./random.ts";
import { PLATFORM, type World, type Speaker } from "./world.ts";

export interface RaisedConcern {
  concernId: number;
  /** The author's row id, which their private conversation key holds. */
  authorId: number;
  /** The moment of the message that stored the concern. */
  at: Date;
  /** The update id of that message. */
  updateId: string;
  how: "in one go" | "after asking in the group";
}

const HOUR = 3_600_000;

export async function raiseAnonymously(world: World, random: Random, members: readonly Speaker[], count: number): Promise<RaisedConcern[]> {
  const raised: RaisedConcern[] = [];
  let updateId = 300_000;
  /** One private message, some seconds after the last, never in the first second of an hour (where a time cut to the hour would equal it). */
  const write = async (person: Speaker, text: string) => {
    world.clock.advance(Duration.fromMillis(random.int(20_000, 90_000)));
    if (world.clock.now().getTime() % HOUR < 1000) world.clock.advance(Duration.fromMillis(1500));
    updateId += 1;
    await world.dm(person, text, { updateId: String(updateId), order: updateId });
  };
  const writeInGroup = async (person: Speaker, text: string) => {
    world.clock.advance(Duration.fromMillis(random.int(20_000, 90_000)));
    updateId += 1;
    await world.group(person, text, { updateId: String(updateId), order: updateId });
  };
  for (let index = 0; index < count; index += 1) {
    const person = members[index % members.length];
    if (!person) break;
    const how = index % 2 === 0 ? "in one go" : "after asking in the group";
    const text = `Anonymous concern ${index + 1}: armed men stop buses at the bridge`;
    const renamed = { ...person, name: `${person.name} (${index + 1})` };
    if (how === "after asking in the group") await writeInGroup(renamed, "/concern");
    await write(renamed, `/concern ${text}`);
    const concern = await world.database.client.concern.findFirstOrThrow({ where: { text }, select: { id: true, authorId: true } });
    if (concern.authorId !== null) throw new Error(`concern ${index + 1} (${how}) was stored with its author`);
    const author = await world.database.client.person.findUniqueOrThrow({ where: { platform_platformUserId: { platform: PLATFORM, platformUserId: person.id } }, select: { id: true } });
    raised.push({ concernId: concern.id, authorId: author.id, at: world.clock.now(), updateId: String(updateId), how });
  }
  return raised;
}
