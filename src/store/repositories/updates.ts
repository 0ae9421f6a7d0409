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
   */
  markProcessed(platform: string, updateId: string, at: Date): Promise<boolean> {
    return this.db.insertUnlessDuplicate((client) => client.processedUpdate.create({ data: { platform, updateId, at: startOfUtcHour(at) } }));
  }

  async forgetBefore(before: Date): Promise<number> {
    return (await this.db.client.processedUpdate.deleteMany({ where: { at: { lt: before } } })).count;
  }
}
