import type { Group } from "../../domain/types.ts";
import type { GroupPatch, GroupRepository } from "../../flows/ports.ts";
import type { Connection } from "./connection.ts";
import { toGroup } from "./mappers.ts";
import { startOfUtcDay } from "../../domain/time.ts";

export class PrismaGroupRepository implements GroupRepository {
  constructor(private readonly db: Connection) {}

  find(platform: string, chatId: string): Promise<Group | null> {
    return this.db.kept(`group:${platform}:${chatId}`, ["Group"], async () => {
      const row = await this.db.client.group.findUnique({ where: { platform_chatId: { platform, chatId } } });
      return row === null ? null : toGroup(row);
    });
  }

  get(groupId: number): Promise<Group | null> {
    return this.db.kept(`group#${groupId}`, ["Group"], async () => {
      const row = await this.db.client.group.findUnique({ where: { id: groupId } });
      return row === null ? null : toGroup(row);
    });
  }

  async create(input: { platform: string; chatId: string; locale: string; timeZone: string }): Promise<Group> {
    return toGroup(await this.db.client.group.create({ data: input }));
  }

  /** Fields left out of the patch keep their value. */
  async update(groupId: number, patch: GroupPatch): Promise<Group> {
    return toGroup(await this.db.client.group.update({ where: { id: groupId }, data: patch }));
  }

  async touch(group: Pick<Group, "id" | "lastActivityAt">, at: Date): Promise<void> {
    const day = startOfUtcDay(at);
    if (group.lastActivityAt.getTime() === day.getTime()) return;
    // Written only when it is not already the day's mark (a group's creation time is exact, and the clock may be a test's).
    await this.db.client.group.updateMany({ where: { id: group.id, NOT: { lastActivityAt: day } }, data: { lastActivityAt: day } });
  }

  async inProgrammes(programmeIds: number[]): Promise<Group[]> {
    const rows = await this.db.client.group.findMany({ where: { programmeId: { in: programmeIds }, setupAt: { not: null } }, orderBy: { id: "asc" } });
    return rows.map(toGroup);
  }

  async moveChat(platform: string, fromChatId: string, toChatId: string): Promise<void> {
    await this.db.client.group.updateMany({ where: { platform, chatId: fromChatId }, data: { chatId: toChatId } });
  }
}
