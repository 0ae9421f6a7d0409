import type { Concern, ConcernStatus } from "../../domain/types.ts";
import type { ConcernRepository } from "../../flows/ports.ts";
import type { Connection } from "./connection.ts";
import { lockGroup } from "./locks.ts";
import { toConcern } from "./mappers.ts";
import { startOfUtcHour } from "../../domain/time.ts";

/** Between a concern's text and the text of a concern merged into it. */
export const MERGED_TEXT_SEPARATOR = "\n";

export class PrismaConcernRepository implements ConcernRepository {
  constructor(private readonly db: Connection) {}

  /**
   * Numbers run 1, 2, 3... per group, across cycles. The next number is read
   * under the group's lock, so concerns raised at the same moment (in one
   * process or several) get different numbers; the unique (group, number)
   * constraint backs this up. `authorId: null` is stored as null: the row
   * keeps nothing that leads back to the author.
   */
  add(input: { groupId: number; cycleId: number; text: string; authorId: number | null; at: Date }): Promise<Concern> {
    const { groupId, cycleId, text, authorId, at } = input;
    return this.db.atomically(async (client) => {
      await lockGroup(client, groupId);
      const last = await client.concern.findFirst({ where: { groupId }, orderBy: { number: "desc" }, select: { number: true } });
      const number = (last?.number ?? 0) + 1;
      return toConcern(await client.concern.create({ data: { groupId, cycleId, number, text, authorId, createdAt: startOfUtcHour(at) } }));
    });
  }

  /** The group's concerns with one of these statuses, by number. */
  async list(groupId: number, statuses: ConcernStatus[]): Promise<Concern[]> {
    const rows = await this.db.client.concern.findMany({
      where: { groupId, status: { in: statuses } },
      orderBy: { number: "asc" },
    });
    return rows.map(toConcern);
  }

  async get(groupId: number, number: number): Promise<Concern | null> {
    const row = await this.db.client.concern.findUnique({ where: { groupId_number: { groupId, number } } });
    return row === null ? null : toConcern(row);
  }

  /**
   * `into` and `merged` are the numbers people see. Returns `into` with the
   * merged text appended on a new line (the group keeps every word that was
   * raised), or null when either is missing or not open, or they are the same
   * concern. Both rows are locked by one statement before anything is read,
   * so of two merges that cross each other only the first lands.
   */
  merge(groupId: number, into: number, merged: number): Promise<Concern | null> {
    if (into === merged) return Promise.resolve(null);
    return this.db.atomically(async (client) => {
      const open = { groupId, number: { in: [into, merged] }, status: "open" };
      const { count } = await client.concern.updateMany({ where: open, data: { status: "open" } });
      if (count !== 2) return null;
      const target = await client.concern.findUniqueOrThrow({ where: { groupId_number: { groupId, number: into } } });
      const source = await client.concern.findUniqueOrThrow({ where: { groupId_number: { groupId, number: merged } } });
      await client.concern.update({ where: { id: source.id }, data: { status: "merged", mergedIntoId: target.id } });
      const row = await client.concern.update({
        where: { id: target.id },
        data: { text: `${target.text}${MERGED_TEXT_SEPARATOR}${source.text}` },
      });
      return toConcern(row);
    });
  }

  async setStatus(concernIds: number[], status: ConcernStatus): Promise<void> {
    if (concernIds.length === 0) return;
    await this.db.client.concern.updateMany({ where: { id: { in: concernIds } }, data: { status } });
  }

  /** Every status counts: the digest decides how to show a concern merged before it was announced. */
  async unannounced(groupId: number): Promise<Concern[]> {
    const rows = await this.db.client.concern.findMany({
      where: { groupId, announcedAt: null },
      orderBy: { number: "asc" },
    });
    return rows.map(toConcern);
  }

  /** A concern announced already keeps its first announcement time. */
  async markAnnounced(concernIds: number[], at: Date): Promise<void> {
    if (concernIds.length === 0) return;
    await this.db.client.concern.updateMany({ where: { id: { in: concernIds }, announcedAt: null }, data: { announcedAt: at } });
  }
}
