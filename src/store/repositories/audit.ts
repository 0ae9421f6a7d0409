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
    // One plain insert, written with most changes a message makes (see conversations.ts for why raw SQL).
    await this.db.client.$executeRaw`INSERT INTO "AuditEntry" ("at", "actorId", "groupId", "action", "entity", "entityId", "details")
      VALUES (${entry.at}, ${entry.actorId}, ${entry.groupId}, ${entry.action}, ${entry.entity}, ${entry.entityId}, ${JSON.stringify(entry.details ?? {})})`;
  }
}
