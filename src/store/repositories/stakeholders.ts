import type { Stakeholder, StakeholderStance } from "../../domain/types.ts";
import type { StakeholderRepository } from "../../flows/ports.ts";
import type { Stakeholder as StakeholderRow } from "../generated/sqlite/client.ts";
import type { Connection } from "./connection.ts";
import { decode } from "./decode.ts";
import { stance } from "./columns.ts";


function toStakeholder(row: StakeholderRow): Stakeholder {
  return { id: row.id, cycleId: row.cycleId, name: row.name, stance: decode(stance, row.stance, `Stakeholder ${row.id} stance`) };
}

export class PrismaStakeholderRepository implements StakeholderRepository {
  constructor(private readonly db: Connection) {}

  async add(input: { cycleId: number; name: string; stance: StakeholderStance; addedById: number }): Promise<Stakeholder> {
    return toStakeholder(await this.db.client.stakeholder.create({ data: input }));
  }

  /** In the order they were added. */
  async list(cycleId: number): Promise<Stakeholder[]> {
    const rows = await this.db.client.stakeholder.findMany({ where: { cycleId }, orderBy: { id: "asc" } });
    return rows.map(toStakeholder);
  }
}
