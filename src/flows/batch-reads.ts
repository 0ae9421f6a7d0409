/**
 * What the sweep reads while it builds a batch of due jobs, read once per
 * batch however many of the batch's jobs need it: each group, each group's
 * concerns waiting for a digest, each person, and each group's reminder
 * reasons (see `ReminderReasons`). All through the batch's transaction, so
 * what one job changed the next one sees: the first digest of a group takes
 * its waiting concerns, and a second digest of it in the same batch finds
 * none. The concerns taken are marked shown together, by `finish`.
 */
import type { Concern, Group, Person } from "../domain/types.ts";
import type { Store } from "./ports.ts";
import { ReminderReasons } from "./reminders.ts";

export class BatchReads {
  private readonly groups = new Map<number, Promise<Group | null>>();
  private readonly people = new Map<number, Promise<Person | null>>();
  private readonly reasons = new Map<number, ReminderReasons>();
  private readonly taken = new Set<number>();
  private readonly shown: number[] = [];

  constructor(readonly store: Store) {}

  group(groupId: number): Promise<Group | null> {
    return once(this.groups, groupId, () => this.store.groups.get(groupId));
  }

  person(personId: number): Promise<Person | null> {
    return once(this.people, personId, () => this.store.people.get(personId));
  }

  /** What the group's queued reminders depend on, shared by every reminder of the group in the batch. */
  reminderReasons(group: Group): ReminderReasons {
    let found = this.reasons.get(group.id);
    if (!found) this.reasons.set(group.id, (found = new ReminderReasons(this.store, group)));
    return found;
  }

  /** The group's concerns waiting for a digest, taken for one: the batch's next digest of the group finds none. */
  async takeWaiting(groupId: number): Promise<Concern[]> {
    if (this.taken.has(groupId)) return [];
    this.taken.add(groupId);
    const waiting = await this.store.concerns.unannounced(groupId);
    this.shown.push(...waiting.map((concern) => concern.id));
    return waiting;
  }

  /** Marks every concern a digest of the batch took as shown, in one statement. */
  async finish(now: Date): Promise<void> {
    if (this.shown.length > 0) await this.store.concerns.markAnnounced(this.shown, now);
  }
}

function once<T>(map: Map<number, Promise<T>>, key: number, read: () => Promise<T>): Promise<T> {
  let found = map.get(key);
  if (!found) map.set(key, (found = read()));
  return found;
}
