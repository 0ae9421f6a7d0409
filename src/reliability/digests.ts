/**
 * Many reminders due at once for the sweep-kill part: a set-up group per
 * chat, each with one concern waiting for its digest, which falls due at
 * `due` (as test/support/sweeps.ts makes them). One digest per chat, so
 * what a chat was sent counts its digest's deliveries.
 */
import type { Store } from "../flows/ports.ts";

export function digestsDue(store: Store, chats: readonly string[], due: Date): Promise<void> {
  // One transaction: SQLite syncs to disk once, not once per row.
  return store.transaction(async (tx) => {
    for (const chat of chats) {
      const group = await tx.groups.create({ platform: "telegram", chatId: chat, locale: "en", timeZone: "Asia/Yangon" });
      await tx.groups.update(group.id, { name: `Group ${chat}`, setupAt: due });
      const cycle = await tx.cycles.current(group.id);
      await tx.concerns.add({ groupId: group.id, cycleId: cycle.id, text: `Concern of ${chat}`, authorId: null, at: due });
      await tx.jobs.schedule({ kind: "concern-digest", groupId: group.id, personId: null, dueAt: due, payload: {}, dedupeKey: `digest:${chat}` });
    }
  });
}
