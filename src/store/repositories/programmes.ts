import type { Programme } from "../../domain/types.ts";
import type { ProgrammeRepository } from "../../flows/ports.ts";
import type { Programme as ProgrammeRow } from "../generated/sqlite/client.ts";
import type { Connection } from "./connection.ts";

function toProgramme(row: ProgrammeRow): Programme {
  return { id: row.id, name: row.name };
}

export class PrismaProgrammeRepository implements ProgrammeRepository {
  constructor(private readonly db: Connection) {}

  async create(name: string): Promise<Programme> {
    return toProgramme(await this.db.client.programme.create({ data: { name } }));
  }

  async get(programmeId: number): Promise<Programme | null> {
    const row = await this.db.client.programme.findUnique({ where: { id: programmeId } });
    return row === null ? null : toProgramme(row);
  }

  /** Idempotent: adding a coordinator twice keeps one entry. */
  async addCoordinator(programmeId: number, personId: number): Promise<void> {
    await this.db.client.programmeStaff.upsert({
      where: { programmeId_personId: { programmeId, personId } },
      create: { programmeId, personId },
      update: {},
    });
  }

  coordinatedBy(personId: number): Promise<Programme[]> {
    return this.db.kept(`coordinatedBy:${personId}`, ["Programme", "ProgrammeStaff"], async () => {
      const rows = await this.db.client.programme.findMany({
        where: { staff: { some: { personId } } },
        orderBy: { id: "asc" },
      });
      return rows.map(toProgramme);
    });
  }

  count(): Promise<number> {
    return this.db.client.programme.count();
  }
}
