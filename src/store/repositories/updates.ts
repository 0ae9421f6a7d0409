import type { UpdateLog } from "../../flows/ports.ts";
import type { Connection } from "./connection.ts";
import { startOfUtcHour } from "../../domain/time.ts";

export class PrismaUpdateLog implements UpdateLog {
  constructor(private readonly db: Connection) {}

  /**
   * The unique (platform, updateId) decides, so two processes receiving the
   * same redelivery cannot both handle it. Inside the message's transaction
   * the record commits or rolls back with the message's own writes: an update
   * whose handling failed is handled again when the platform redelivers it.
   * One statement, on every message: `ON CONFLICT DO NOTHING` (SQLite and
   * PostgreSQL alike) answers a duplicate with no row instead of an error,
   * so no savepoint is needed to keep the enclosing transaction usable.
   */
  async markProcessed(platform: string, updateId: string, at: Date): Promise<boolean> {
    const inserted = await this.db.client.$executeRaw`INSERT INTO "ProcessedUpdate" ("platform", "updateId", "at") VALUES (${platform}, ${updateId}, ${startOfUtcHour(at)}) ON CONFLICT DO NOTHING`;
    return inserted === 1;
  }

  async forgetBefore(before: Date): Promise<number> {
    return (await this.db.client.processedUpdate.deleteMany({ where: { at: { lt: before } } })).count;
  }
}
