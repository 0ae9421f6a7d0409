/**
 * Times stored with an anonymous concern that equal its message's own
 * second (issue 8, point 8): the concern's, its audit entry's, its processed
 * update's, and the group's last activity. Any of them, read beside the
 * moment someone was seen writing to the bot, would point at them; they are
 * kept no finer than the digest (an hour) or a day.
 */
import type { Db } from "../store/database.ts";
import type { RaisedConcern } from "./anonymous-concerns.ts";
import { PLATFORM } from "./world.ts";

const second = (date: Date) => Math.floor(date.getTime() / 1000);

export async function timesToTheSecond(db: Db, concerns: readonly RaisedConcern[]): Promise<{ matching: number; checked: number }> {
  let matching = 0;
  let checked = 0;
  for (const concern of concerns) {
    const row = await db.concern.findUniqueOrThrow({ where: { id: concern.concernId }, select: { createdAt: true, groupId: true } });
    const audit = await db.auditEntry.findMany({ where: { entity: "concern", entityId: concern.concernId }, select: { at: true } });
    const update = await db.processedUpdate.findUnique({ where: { platform_updateId: { platform: PLATFORM, updateId: concern.updateId } }, select: { at: true } });
    const group = await db.group.findUniqueOrThrow({ where: { id: row.groupId }, select: { lastActivityAt: true } });
    const times = [row.createdAt, ...audit.map((entry) => entry.at), ...(update ? [update.at] : []), group.lastActivityAt];
    checked += times.length;
    matching += times.filter((time) => second(time) === second(concern.at)).length;
  }
  return { matching, checked };
}
