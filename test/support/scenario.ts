/**
 * Common openings for flow tests: a programme with a coordinator, a group set
 * up by them, and members who joined.
 */
import type { Outbound } from "../../src/flows/messages.ts";
import type { Harness } from "./harness.ts";

export const FACILITATOR = "amina";

/** Creates the programme and makes `person` its coordinator, as `npm run baraza -- programme create` and `/start CODE` would. */
export async function makeCoordinator(h: Harness, person: string = FACILITATOR): Promise<void> {
  const programme = await h.store.programmes.create("Test programme");
  const coordinator = await h.store.people.identify("test", person, person);
  await h.store.programmes.addCoordinator(programme.id, coordinator.id);
}

/** The setup answers: name, place, language (1 English), time zone (1 Yangon), five site criteria met. */
export const SETUP_ANSWERS = ["Ward 4 Safety Group", "Hlaingbwe", "1", "1", "1", "1", "1", "1", "1"];

export async function setUpGroup(h: Harness, facilitator: string = FACILITATOR): Promise<void> {
  await makeCoordinator(h, facilitator);
  await h.group(facilitator, "/setup");
  for (const answer of SETUP_ANSWERS) await h.group(facilitator, answer);
  await agreeToTakePart(h, facilitator);
}

/** Asked in private once setup is done, the facilitator agrees to take part like any member, and skips the self-description. */
export async function agreeToTakePart(h: Harness, facilitator: string): Promise<void> {
  await h.dm(facilitator, "1");
  await h.dm(facilitator, "0");
}

/** Each person sends /join in the group, agrees in private and skips the self-description (or gives one). */
export async function joinMembers(h: Harness, people: string[], descriptions: Record<string, string> = {}): Promise<void> {
  for (const person of people) {
    await h.group(person, "/join");
    await h.dm(person, "1");
    await h.dm(person, descriptions[person] ?? "0");
  }
}

/** A set-up group at step 1 with a facilitator and three members. */
export async function groupWithMembers(h: Harness, members: string[] = ["aung", "thida", "ram"]): Promise<void> {
  await setUpGroup(h);
  await joinMembers(h, members);
}

/** A set-up group with a facilitator and three members, moved on to step 2 (identifying concerns). */
export async function groupAtStep2(h: Harness): Promise<void> {
  await groupWithMembers(h);
  await h.group(FACILITATOR, "/next");
  await h.group(FACILITATOR, "1");
}

/** A group at step 2 with three open concerns (#1 market road, #2 plantation path, #3 crossroads) and a vote opened by the facilitator (`/vote args`); returns what opening it sent. */
export async function openVoteOnConcerns(h: Harness, args = ""): Promise<Outbound[]> {
  await groupAtStep2(h);
  for (const [person, text] of [["aung", "No lights on the market road"], ["thida", "Harassment on the plantation path"], ["ram", "Fights at the crossroads"]] as const) {
    // Sent in one go, a concern is anonymous.
    await h.dm(person, `/concern ${text}`);
  }
  return h.group(FACILITATOR, `/vote ${args}`.trim());
}

/** The facilitator closes the open vote: `/closevote` in the group, then the confirmation; returns what confirming sent. */
export async function closeVoteNow(h: Harness, facilitator: string = FACILITATOR): Promise<Outbound[]> {
  await h.group(facilitator, "/closevote");
  return h.group(facilitator, "1");
}
