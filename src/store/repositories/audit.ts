import type { AuditLog } from "../../flows/ports.ts";
import type { Connection } from "./connection.ts";

export class PrismaAuditLog implements AuditLog {
  constructor(private readonly db: Connection) {}

  /** Details are stored as a JSON object ({} when none are given). */
  async record(entry: {
    at: Date;
    actorId: number | null;
    groupId: number | null;
    action: string;
    entity: string;
    entityId: number | null;
    details?: Record<string, unknown>;
  }): Promise<void> {
    const { details, ...rest } = entry;
    await this.db.client.auditEntry.create({ data: { ...rest, details: JSON.stringify(details ?? {}) } });
  }
}
