/**
 * The group every part starts from, set up with the same commands people
 * send (see test/support/scenario.ts): a programme and its coordinator, who
 * sets the group up and agrees to take part; members who join and consent;
 * the cycle moved on to step 2, where concerns are raised and voted on.
 */
import type { World, Speaker } from "./world.ts";

export const FACILITATOR: Speaker = { id: "501", name: "Amina" };

/** The setup answers: name, place, language (English), time zone (Yangon), five site criteria met. */
const SETUP_ANSWERS = ["Ward 4 Safety Group", "Hlaingbwe", "1", "1", "1", "1", "1", "1", "1"];

/** The `index`th member (from 0): ids far from the facilitator's. */
export function member(index: number): Speaker {
  return { id: String(7000 + index), name: `Member ${index + 1}` };
}

/** Someone who never joined the group. */
export function stranger(index: number): Speaker {
  return { id: String(9000 + index), name: `Stranger ${index + 1}` };
}

/** Makes `coordinator` coordinate a new programme, as `npm run baraza -- programme create` and `/start CODE` would. */
async function makeCoordinator(world: World, coordinator: Speaker): Promise<void> {
  const programme = await world.store.programmes.create("Reliability programme");
  const person = await world.store.people.identify("telegram", coordinator.id, coordinator.name);
  await world.store.programmes.addCoordinator(programme.id, person.id);
}

/** One person joins: `/join` in the group, agrees in private, skips the self-description. */
async function join(world: World, person: Speaker): Promise<void> {
  await world.group(person, "/join");
  await world.dm(person, "1");
  await world.dm(person, "0");
}

/** A set-up group at step 2 with the facilitator and `members` members. */
export async function groupAtStep2(world: World, members: number): Promise<Speaker[]> {
  await makeCoordinator(world, FACILITATOR);
  await world.group(FACILITATOR, "/setup");
  for (const answer of SETUP_ANSWERS) await world.group(FACILITATOR, answer);
  await world.dm(FACILITATOR, "1");
  await world.dm(FACILITATOR, "0");
  const people = Array.from({ length: members }, (_, index) => member(index));
  for (const person of people) await join(world, person);
  await world.group(FACILITATOR, "/next");
  await world.group(FACILITATOR, "1");
  return people;
}

/** Raises one anonymous concern per text (in one go, from the given people in turn), shows them in a digest, and opens a dot vote. */
export async function openVote(world: World, people: readonly Speaker[], texts: readonly string[]): Promise<void> {
  for (const [index, text] of texts.entries()) await world.dm(people[index % people.length] ?? FACILITATOR, `/concern ${text}`);
  await world.wait("PT2H");
  await world.group(FACILITATOR, "/vote");
}
