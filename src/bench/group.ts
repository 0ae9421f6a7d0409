/**
 * The bench's working group, made through the store as the set-up
 * conversation leaves it: named and set up, in step 1 of its first cycle,
 * with the bench's people as members who have consented (the first one
 * facilitates). Each person then talks to the bot in private, where the
 * group is theirs.
 */
import type { Store } from "../flows/ports.ts";
import { GROUP_CHAT, personId, personName } from "./telegram-talk.ts";
import { NOW } from "./world.ts";

export async function benchGroup(store: Store, platform: string, chatId: string, people: readonly { id: string; name: string }[]): Promise<void> {
  const group = await store.groups.create({ platform, chatId, locale: "en", timeZone: "Asia/Yangon" });
  await store.groups.update(group.id, { name: "Ward 4 Safety Group", setupAt: NOW });
  for (const [index, member] of people.entries()) {
    const person = await store.people.identify(platform, member.id, member.name, "en");
    await store.memberships.join({ groupId: group.id, personId: person.id, consentAt: NOW, ...(index === 0 ? { role: "facilitator" as const } : {}) });
  }
}

/** The group on Telegram, with `people` of the talk's people. */
export function telegramGroup(store: Store, people: number): Promise<void> {
  return benchGroup(store, "telegram", String(GROUP_CHAT), Array.from({ length: people }, (_, index) => ({ id: String(personId(index)), name: personName(index) })));
}
