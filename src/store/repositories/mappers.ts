/**
 * Rows to domain types, for the rows more than one repository returns.
 *
 * The row types come from the SQLite client; the PostgreSQL client's are the
 * same, since both are generated from prisma/models.prisma.
 */
import type { Concern, Group, GroupRole, Person } from "../../domain/types.ts";
import type {
  Concern as ConcernRow,
  Group as GroupRow,
  Person as PersonRow,
} from "../generated/sqlite/client.ts";
import { decode, decodeJson } from "./decode.ts";
import { concernStatus, groupRole, selfDescription } from "./columns.ts";


export function toPerson(row: PersonRow): Person {
  return {
    id: row.id,
    platform: row.platform,
    platformUserId: row.platformUserId,
    displayName: row.displayName,
    locale: row.locale,
    selfDescription:
      row.selfDescription === null ? null : decodeJson(selfDescription, row.selfDescription, `Person ${row.id} selfDescription`),
    privacyNoticeAt: row.privacyNoticeAt,
  };
}

export function toGroup(row: GroupRow): Group {
  return {
    id: row.id,
    platform: row.platform,
    chatId: row.chatId,
    programmeId: row.programmeId,
    name: row.name,
    place: row.place,
    locale: row.locale,
    timeZone: row.timeZone,
    quietStart: row.quietStart,
    quietEnd: row.quietEnd,
    dotPoints: row.dotPoints,
    setupAt: row.setupAt,
    lastActivityAt: row.lastActivityAt,
  };
}

export function toGroupRole(role: string, where: string): GroupRole {
  return decode(groupRole, role, where);
}

export function toConcern(row: ConcernRow): Concern {
  return {
    id: row.id,
    groupId: row.groupId,
    cycleId: row.cycleId,
    number: row.number,
    text: row.text,
    authorId: row.authorId,
    status: decode(concernStatus, row.status, `Concern ${row.id} status`),
    mergedIntoId: row.mergedIntoId,
    createdAt: row.createdAt,
    announcedAt: row.announcedAt,
  };
}
