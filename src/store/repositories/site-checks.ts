import type { SiteCheckRepository } from "../../flows/ports.ts";
import type { Connection } from "./connection.ts";

export class PrismaSiteCheckRepository implements SiteCheckRepository {
  constructor(private readonly db: Connection) {}

  /** One answer per criterion: answering again replaces it. */
  async set(groupId: number, item: string, met: boolean, at: Date): Promise<void> {
    await this.db.client.siteCheck.upsert({
      where: { groupId_item: { groupId, item } },
      create: { groupId, item, met, at },
      update: { met, at },
    });
  }

  /** In the order the criteria were first answered. */
  async list(groupId: number): Promise<{ item: string; met: boolean }[]> {
    return this.db.client.siteCheck.findMany({
      where: { groupId },
      orderBy: { id: "asc" },
      select: { item: true, met: true },
    });
  }
}
