import type { Priority } from "../../domain/types.ts";
import type { PriorityRepository } from "../../flows/ports.ts";
import type { Concern as ConcernRow, Priority as PriorityRow } from "../generated/sqlite/client.ts";
import type { Client, Connection } from "./connection.ts";

function toPriority(row: PriorityRow & { concern: ConcernRow }): Priority {
  return {
    id: row.id,
    cycleId: row.cycleId,
    concernId: row.concernId,
    concernNumber: row.concern.number,
    text: row.concern.text,
    rank: row.rank,
  };
}

export class PrismaPriorityRepository implements PriorityRepository {
  constructor(private readonly db: Connection) {}

  /**
   * The cycle ends up with exactly these concerns as priorities, ranked from
   * 1 in the given order, each concern marked "priority". A concern that stays
   * a priority keeps its row, and so its action plan; one that drops out loses
   * its row, its plans with it (the schema cascades), and goes back to "open".
   */
  set(input: { groupId: number; cycleId: number; voteId: number; concernIds: number[] }): Promise<Priority[]> {
    const { groupId, cycleId, voteId } = input;
    const concernIds = [...new Set(input.concernIds)];
    return this.db.atomically(async (client) => {
      const before = await client.priority.findMany({ where: { cycleId }, select: { id: true, concernId: true } });
      const dropped = before.filter((priority) => !concernIds.includes(priority.concernId));
      if (dropped.length > 0) {
        await client.priority.deleteMany({ where: { id: { in: dropped.map((priority) => priority.id) } } });
        await client.concern.updateMany({
          where: { id: { in: dropped.map((priority) => priority.concernId) }, status: "priority" },
          data: { status: "open" },
        });
      }
      for (const [index, concernId] of concernIds.entries()) {
        await client.priority.upsert({
          where: { cycleId_concernId: { cycleId, concernId } },
          create: { groupId, cycleId, concernId, voteId, rank: index + 1 },
          update: { voteId, rank: index + 1 },
        });
      }
      if (concernIds.length > 0) {
        await client.concern.updateMany({ where: { id: { in: concernIds } }, data: { status: "priority" } });
      }
      return listPriorities(client, cycleId);
    });
  }

  /** By rank, with each concern's number and current text. */
  list(cycleId: number): Promise<Priority[]> {
    return listPriorities(this.db.client, cycleId);
  }
}

async function listPriorities(client: Client, cycleId: number): Promise<Priority[]> {
  const rows = await client.priority.findMany({
    where: { cycleId },
    include: { concern: true },
    orderBy: [{ rank: "asc" }, { id: "asc" }],
  });
  return rows.map(toPriority);
}
