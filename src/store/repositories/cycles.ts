import { type Cycle, type CycleSpan, type Step } from "../../domain/types.ts";
import type { CycleRepository } from "../../flows/ports.ts";
import type { Cycle as CycleRow } from "../generated/sqlite/client.ts";
import { lockGroup } from "./locks.ts";
import type { Client, Connection } from "./connection.ts";
import { decode } from "./decode.ts";
import { step } from "./columns.ts";


function toCycle(row: CycleRow): Cycle {
  return { id: row.id, groupId: row.groupId, number: row.number, step: decode(step, row.step, `Cycle ${row.id} step`) };
}

export class PrismaCycleRepository implements CycleRepository {
  constructor(private readonly db: Connection) {}

  /**
   * Reads without locking when the group has an open cycle, which is nearly
   * always. Otherwise it starts the next one (number 1 for a new group) under
   * the group's lock, so two first messages at once start one cycle.
   */
  async current(groupId: number, at?: Date): Promise<Cycle> {
    const open = await this.db.kept(`openCycle:${groupId}`, ["Cycle"], () => this.findOpen(groupId));
    if (open !== null) return open;
    return this.db.atomically(async (client) => {
      await lockGroup(client, groupId);
      const started = await this.findOpen(groupId, client);
      if (started !== null) return started;
      return createNextCycle(client, groupId, at);
    });
  }

  /** Closing is one conditional update, so of two facilitators starting a new cycle at once only the first does. */
  startNext(input: { groupId: number; cycleId: number; at: Date }): Promise<Cycle | null> {
    const { groupId, cycleId, at } = input;
    return this.db.atomically(async (client) => {
      const { count } = await client.cycle.updateMany({ where: { id: cycleId, groupId, closedAt: null }, data: { closedAt: at } });
      if (count !== 1) return null;
      return createNextCycle(client, groupId, at);
    });
  }

  async history(groupId: number): Promise<CycleSpan[]> {
    const rows = await this.db.client.cycle.findMany({ where: { groupId }, orderBy: { number: "asc" } });
    return rows.map((row) => ({ ...toCycle(row), startedAt: row.startedAt, closedAt: row.closedAt }));
  }

  async openCyclesInProgrammes(programmeIds: number[]): Promise<Cycle[]> {
    const rows = await this.db.client.cycle.findMany({ where: { group: { programmeId: { in: programmeIds } }, closedAt: null }, orderBy: { id: "asc" } });
    return rows.map(toCycle);
  }

  /** One conditional update decides, so of two facilitators moving at once only the first moves. */
  moveStep(input: { cycleId: number; from: Step; to: Step; changedById: number; missing: string[]; at: Date }): Promise<boolean> {
    const { cycleId, from, to, changedById, missing, at } = input;
    return this.db.atomically(async (client) => {
      const { count } = await client.cycle.updateMany({ where: { id: cycleId, step: from, closedAt: null }, data: { step: to } });
      if (count !== 1) return false;
      await client.stepChange.create({
        data: { cycleId, fromStep: from, toStep: to, changedById, missing: JSON.stringify(missing), at },
      });
      return true;
    });
  }

  private async findOpen(groupId: number, client = this.db.client): Promise<Cycle | null> {
    const row = await client.cycle.findFirst({ where: { groupId, closedAt: null }, orderBy: { number: "desc" } });
    return row === null ? null : toCycle(row);
  }
}

/** The group's next cycle, numbered after its last, at step 1 (started now by the database's clock unless `startedAt` is given). */
async function createNextCycle(client: Client, groupId: number, startedAt?: Date): Promise<Cycle> {
  const last = await client.cycle.findFirst({ where: { groupId }, orderBy: { number: "desc" }, select: { number: true } });
  return toCycle(await client.cycle.create({ data: { groupId, number: (last?.number ?? 0) + 1, step: 1, ...(startedAt ? { startedAt } : {}) } }));
}
