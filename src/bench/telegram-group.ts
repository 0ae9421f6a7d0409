/**
 * The bench's working group on Telegram, made through the store as the
 * set-up conversation leaves it: named and set up, in step 1 of its first
 * cycle, with the bench's people as members who have consented. Each
 * person then talks to the bot in private, where the group is theirs.
 */
import type { Store } from "../flows/ports.ts";
import { GROUP_CHAT, personId, personName } from "./telegram-talk.ts";
import { NOW } from "./world.ts";

export async function telegramGroup(store: Store, people: number): Promise<void> {
  const group = await store.groups.create({ platform: "telegram", chatId: String(GROUP_CHAT), locale: "en", timeZone: "Asia/Yangon" });
  await store.groups.update(group.id, { name: "Ward 4 Safety Group", setupAt: NOW });
  for (let index = 0; index < people; index++) {
    const person = await store.people.identify("telegram", String(personId(index)), personName(index), "en");
    await store.memberships.join({ groupId: group.id, personId: person.id, consentAt: NOW, ...(index === 0 ? { role: "facilitator" as const } : {}) });
  }
}
