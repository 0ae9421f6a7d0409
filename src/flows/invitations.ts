/**
 * One-time invitation codes. Only a hash is stored, so a copy of the
 * database does not hand out working codes.
 */
import { createHash } from "node:crypto";
import type { Command } from "./command.ts";
import type { InvitationRole, Store } from "./ports.ts";
import type { IdSource } from "./turn.ts";

/** How long an invitation stays usable. */
export const INVITATION_DAYS = 14;

export function hashCode(code: string): string {
  return createHash("sha256").update(code.trim().toUpperCase()).digest("hex");
}

/** Makes an invitation and returns the code to hand over; the code is shown once and never stored. */
export async function createInvitation(
  store: Store,
  ids: IdSource,
  input: { programmeId: number; role: InvitationRole; createdById: number | null; now: Date },
): Promise<string> {
  const code = ids.code();
  const expiresAt = new Date(input.now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000);
  await store.invitations.create({ programmeId: input.programmeId, role: input.role, codeHash: hashCode(code), createdById: input.createdById, expiresAt });
  return code;
}

/** `invite` (a facilitator's code) or `invite coordinator`, in a coordinator's private chat. */
export const invite: Command = {
  name: "invite",
  needsGroup: false,
  action: () => "invite",
  async run(turn, args) {
    const role: InvitationRole = args.trim().toLowerCase() === "coordinator" ? "coordinator" : "facilitator";
    const [programme] = await turn.store.programmes.coordinatedBy(turn.person.id);
    if (!programme) {
      turn.reply("errors.coordinators-only");
      return;
    }
    const code = await createInvitation(turn.store, turn.deps.ids, { programmeId: programme.id, role, createdById: turn.person.id, now: turn.now });
    await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: null, action: "invitation.created", entity: "programme", entityId: programme.id, details: { role } });
    const vars = { code, days: INVITATION_DAYS, programme: programme.name };
    if (role === "coordinator") turn.reply("invite.coordinator", vars);
    else turn.say(turn.t("invite.facilitator", vars), undefined, { links: [{ kind: "add-to-group", code, label: turn.t("invite.add-to-group") }] });
  },
};
