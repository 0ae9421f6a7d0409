import type { Invitation, InvitationRepository, InvitationRole } from "../../flows/ports.ts";
import type { Invitation as InvitationRow } from "../generated/sqlite/client.ts";
import type { Connection } from "./connection.ts";
import { decode } from "./decode.ts";
import { invitationRole } from "./columns.ts";


function toInvitation(row: InvitationRow): Invitation {
  return { id: row.id, programmeId: row.programmeId, role: decode(invitationRole, row.role, `Invitation ${row.id} role`) };
}

export class PrismaInvitationRepository implements InvitationRepository {
  constructor(private readonly db: Connection) {}

  async create(input: {
    programmeId: number;
    role: InvitationRole;
    codeHash: string;
    createdById: number | null;
    expiresAt: Date;
  }): Promise<Invitation> {
    return toInvitation(await this.db.client.invitation.create({ data: input }));
  }

  /**
   * One conditional update decides: it matches only an unused, unexpired code
   * for this role, so of two people redeeming the same code at once exactly
   * one succeeds, and a code for another role stays usable.
   */
  async redeem(codeHash: string, role: InvitationRole, personId: number, at: Date): Promise<Invitation | null> {
    const { count } = await this.db.client.invitation.updateMany({
      where: { codeHash, role, usedAt: null, expiresAt: { gt: at } },
      data: { usedAt: at, usedById: personId },
    });
    if (count !== 1) return null;
    const row = await this.db.client.invitation.findUnique({ where: { codeHash } });
    return row === null ? null : toInvitation(row);
  }
}
