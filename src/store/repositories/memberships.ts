import type { Group, GroupRole, Member, Membership } from "../../domain/types.ts";
import type { MembershipRepository } from "../../flows/ports.ts";
import type { Membership as MembershipRow } from "../generated/sqlite/client.ts";
import type { Connection } from "./connection.ts";
import { toGroup, toGroupRole, toPerson } from "./mappers.ts";

function toMembership(row: MembershipRow): Membership {
  return {
    groupId: row.groupId,
    personId: row.personId,
    role: toGroupRole(row.role, `Membership ${row.id} role`),
    consentAt: row.consentAt,
    leftAt: row.leftAt,
  };
}

/** A current member has consented and not left. */
const current = { consentAt: { not: null }, leftAt: null };
const inOrderOfJoining = [{ joinedAt: "asc" as const }, { id: "asc" as const }];

export class PrismaMembershipRepository implements MembershipRepository {
  constructor(private readonly db: Connection) {}

  get(groupId: number, personId: number): Promise<Membership | null> {
    return this.db.kept(`membership:${groupId}:${personId}`, ["Membership"], async () => {
      const row = await this.db.client.membership.findUnique({ where: { groupId_personId: { groupId, personId } } });
      return row === null ? null : toMembership(row);
    });
  }

  /**
   * Joining counts from the consent: a first join, or a return after leaving,
   * takes its place at the end of the members; consenting again while still a
   * member keeps the place. A membership made by `setRole` before consent
   * keeps its role.
   */
  join(input: { groupId: number; personId: number; consentAt: Date; role?: GroupRole }): Promise<Membership> {
    const { groupId, personId, consentAt, role } = input;
    return this.db.atomically(async (client) => {
      const where = { groupId_personId: { groupId, personId } };
      const existing = await client.membership.findUnique({ where });
      const rejoins = existing !== null && (existing.consentAt === null || existing.leftAt !== null);
      const row = await client.membership.upsert({
        where,
        create: { groupId, personId, consentAt, joinedAt: consentAt, role: role ?? "member" },
        update: { consentAt, leftAt: null, ...(role === undefined ? {} : { role }), ...(rejoins ? { joinedAt: consentAt } : {}) },
      });
      return toMembership(row);
    });
  }

  /** Sets the role, creating a membership that awaits consent if the person has none; `join` keeps it. */
  async setRole(groupId: number, personId: number, role: GroupRole): Promise<void> {
    await this.db.client.membership.upsert({
      where: { groupId_personId: { groupId, personId } },
      create: { groupId, personId, role },
      update: { role },
    });
  }

  async members(groupId: number): Promise<Member[]> {
    const rows = await this.db.client.membership.findMany({
      where: { groupId, ...current },
      include: { person: true },
      orderBy: inOrderOfJoining,
    });
    return rows.map((row) => ({ person: toPerson(row.person), role: toGroupRole(row.role, `Membership ${row.id} role`) }));
  }

  groupsOf(personId: number): Promise<Group[]> {
    return this.db.kept(`groupsOf:${personId}`, ["Membership", "Group"], async () => {
      const rows = await this.db.client.membership.findMany({
        where: { personId, ...current },
        include: { group: true },
        orderBy: inOrderOfJoining,
      });
      return rows.map((row) => toGroup(row.group));
    });
  }

  async leave(groupId: number, personId: number, at: Date): Promise<void> {
    await this.db.client.membership.updateMany({ where: { groupId, personId, leftAt: null }, data: { leftAt: at } });
  }
}
