/**
 * A person's own data (SPEC §8): everything stored about them (`about`),
 * erasing it while their contributions stay (`forget`), and the retention
 * period (`expire`).
 *
 * Every table, and what happens to it
 * -----------------------------------
 * (F = on `forget`; E = on `expire(before)`, for rows older than `before`.)
 *
 * - Person. F: kept as an anonymous tombstone, because ballots must keep
 *   pointing at one voter each (one member, one ballot, even after someone
 *   leaves); name → "—", platform and platform id → a platform no adapter
 *   speaks and the row's own id (no message can reach it again, and whoever
 *   writes next from that account is a new person), language,
 *   self-description and privacy-notice time cleared, `forgottenAt` set.
 *   E: people in no group any more, who coordinate nothing, whom the bot
 *   first met before the cutoff and who have no conversation newer than it,
 *   are forgotten the same way (`forgottenAt` is then the cutoff); tombstones
 *   forgotten before the cutoff that no ballot points to are deleted.
 * - Membership. F: ended (`leftAt`), consent cleared, role back to member.
 *   E: memberships that ended before the cutoff are deleted.
 * - ProgrammeStaff (coordinators). F: deleted.
 * - Invitation. F: `createdById`, `usedById` → null (only hashes of codes are
 *   stored). E: invitations used or expired before the cutoff are deleted.
 * - Concern. F and E: `authorId` → null, so a named concern becomes
 *   anonymous; its text stays, it is the group's. (Ballot options hold
 *   "#n text" only, never the author.)
 * - Ballot. F: kept, pointing at the tombstone: the vote's count must not
 *   change and the voter no longer exists. E: ballots of votes closed before
 *   the cutoff are deleted, the voter's link to their choices being the most
 *   sensitive thing a vote leaves; the decision stays in the priorities and
 *   plan statuses the vote produced.
 * - AssessmentAnswer. F and E: `personId` → null; the answer stays for the
 *   assessment (the count of respondents drops accordingly).
 * - Stakeholder (`addedById`), IndicatorReading (`recordedById`), Evaluation
 *   and ActionPlan (`createdById`), Lesson (`authorId`), Vote (`openedById`,
 *   E: of votes closed before the cutoff), StepChange (`changedById`).
 *   F and E: → null; the contribution stays.
 * - Task. F: `ownerId` → null, not kept on the tombstone: an ownerless task
 *   is exactly what the plan checklist already reports as needing an owner
 *   ("task-owner" in domain/plans.ts) and what plans show as "no owner", and
 *   no reminder is queued for someone who can no longer be reached. A task
 *   pointing at a nameless tombstone would count as owned and show a blank.
 *   E: owners are never cleared by age (a long effort may run for years).
 * - AuditEntry. F: `actorId` → null, and entries about the person
 *   (entity "person") lose the id. E: deleted.
 * - Conversation. F: the person's own are deleted; in other people's
 *   conversations, a choice showing the person's name (a plan's list of
 *   possible task owners) shows "—" instead. E: conversations idle since
 *   before the cutoff are deleted.
 * - ScheduledJob. F: jobs addressed to the person are deleted (they could
 *   not be delivered any more). E: finished jobs (sent, cancelled, failed)
 *   due before the cutoff keep their row, so their dedupeKey stays taken and
 *   the same reminder is never queued twice, but lose their person, payload,
 *   outbox (the messages, with texts and platform ids) and worker name.
 * - ProcessedUpdate. E: deleted (it only guards against redeliveries, which
 *   come within hours). Holds no person.
 * - Programme, Group, Cycle, SiteCheck, VoteOption, Priority, PlanStep,
 *   Objective, Indicator, ReviewMeeting: the group's work, kept; none links
 *   to a person (VoteOption labels are cleaned as said above).
 *
 * What cannot be found by the store stays: words people typed about others
 * (a task title, a concern text that names someone).
 */
import { FORGOTTEN_NAME, FORGOTTEN_PLATFORM, type BallotData, type PersonalData } from "../../domain/personal-data.ts";
import type { PrivacyRepository } from "../../flows/ports.ts";
import type { Client, Connection } from "./connection.ts";
import { decode, decodeJson, jsonObject } from "./decode.ts";
import { choices, concernStatus, groupRole, invitationRole, objectivesMet, planStatus, selfDescription, stance, step, taskStatus, voteMethod, votePurpose } from "./columns.ts";


/** Jobs that will not run again. */
const FINISHED_JOBS = ["sent", "cancelled", "failed"];

const byId = { id: "asc" } as const;
const groupName = { select: { name: true } } as const;
const programmeName = { select: { name: true } } as const;

interface Forgettable {
  id: number;
  platform: string;
  displayName: string;
}

export class PrismaPrivacyRepository implements PrivacyRepository {
  constructor(private readonly db: Connection) {}

  /** Reads every table for rows that point at the person, each list oldest first. */
  async about(personId: number): Promise<PersonalData> {
    const client = this.db.client;
    const person = await client.person.findUnique({ where: { id: personId } });
    if (person === null) throw new Error(`Person ${personId} does not exist`);
    // One query after another: inside a transaction the client runs one statement at a time anyway.
    const memberships = await client.membership.findMany({ where: { personId }, include: { group: groupName }, orderBy: byId });
    const staff = await client.programmeStaff.findMany({ where: { personId }, include: { programme: programmeName }, orderBy: byId });
    const invitations = await client.invitation.findMany({
      where: { OR: [{ createdById: personId }, { usedById: personId }] },
      include: { programme: programmeName },
      orderBy: byId,
    });
    const concerns = await client.concern.findMany({ where: { authorId: personId }, include: { group: groupName }, orderBy: byId });
    const ballots = await client.ballot.findMany({
      where: { voterId: personId },
      include: { vote: { include: { group: groupName, options: { orderBy: { position: "asc" } } } } },
      orderBy: byId,
    });
    const inCycle = { cycle: { include: { group: groupName } } } as const;
    const inPlan = { plan: { include: { group: groupName } } } as const;
    const answers = await client.assessmentAnswer.findMany({ where: { personId }, include: inCycle, orderBy: byId });
    const stakeholders = await client.stakeholder.findMany({ where: { addedById: personId }, include: inCycle, orderBy: byId });
    const tasks = await client.task.findMany({ where: { ownerId: personId }, include: inPlan, orderBy: byId });
    const plans = await client.actionPlan.findMany({
      where: { createdById: personId },
      include: { group: groupName, priority: { include: { concern: { select: { number: true } } } } },
      orderBy: byId,
    });
    const readings = await client.indicatorReading.findMany({ where: { recordedById: personId }, include: { indicator: { include: inPlan } }, orderBy: byId });
    const evaluations = await client.evaluation.findMany({ where: { createdById: personId }, include: inPlan, orderBy: byId });
    const lessons = await client.lesson.findMany({ where: { authorId: personId }, include: { group: groupName }, orderBy: byId });
    const votes = await client.vote.findMany({ where: { openedById: personId }, include: { group: groupName }, orderBy: byId });
    const stepChanges = await client.stepChange.findMany({ where: { changedById: personId }, include: inCycle, orderBy: byId });
    const audit = await client.auditEntry.findMany({ where: { OR: [{ actorId: personId }, { entity: "person", entityId: personId }] }, orderBy: byId });
    const conversations = await ownConversations(client, person);
    const jobs = await client.scheduledJob.findMany({ where: { personId }, orderBy: byId });
    const auditGroups = await groupNames(client, audit.map((entry) => entry.groupId));
    return {
      profile: {
        displayName: person.displayName,
        platform: person.platform,
        platformUserId: person.platformUserId,
        locale: person.locale,
        selfDescription: person.selfDescription === null ? null : decodeJson(selfDescription, person.selfDescription, `Person ${person.id} selfDescription`),
        privacyNoticeAt: person.privacyNoticeAt,
        firstSeenAt: person.createdAt,
      },
      memberships: memberships.map((row) => ({
        group: row.group.name,
        role: decode(groupRole, row.role, `Membership ${row.id} role`),
        joinedAt: row.joinedAt,
        consentAt: row.consentAt,
        leftAt: row.leftAt,
      })),
      coordinates: staff.map((row) => ({ programme: row.programme.name, since: row.createdAt })),
      invitations: invitations.flatMap((row) => {
        const role = decode(invitationRole, row.role, `Invitation ${row.id} role`);
        const made = row.createdById === personId ? [{ programme: row.programme.name, role, how: "created" as const, at: row.createdAt }] : [];
        const used = row.usedById === personId ? [{ programme: row.programme.name, role, how: "used" as const, at: row.usedAt ?? row.createdAt }] : [];
        return [...made, ...used];
      }),
      concerns: concerns.map((row) => ({
        group: row.group.name,
        number: row.number,
        text: row.text,
        status: decode(concernStatus, row.status, `Concern ${row.id} status`),
        raisedAt: row.createdAt,
      })),
      ballots: ballots.map((row): BallotData => {
        const label = new Map(row.vote.options.map((option) => [option.position, option.label ?? `#${option.position}`]));
        return {
          group: row.vote.group.name,
          purpose: decode(votePurpose, row.vote.purpose, `Vote ${row.vote.id} purpose`),
          method: decode(voteMethod, row.vote.method, `Vote ${row.vote.id} method`),
          openedAt: row.vote.openedAt,
          closedAt: row.vote.closedAt,
          choices: decodeJson(choices, row.choices, `Ballot ${row.id} choices`).map((position) => ({ position, label: label.get(position) ?? `#${position}` })),
          castAt: row.castAt,
        };
      }),
      answers: answers.map((row) => ({ group: row.cycle.group.name, cycle: row.cycle.number, question: row.question, answer: row.answer, at: row.createdAt })),
      stakeholders: stakeholders.map((row) => ({
        group: row.cycle.group.name,
        name: row.name,
        stance: decode(stance, row.stance, `Stakeholder ${row.id} stance`),
        at: row.createdAt,
      })),
      tasks: tasks.map((row) => ({
        group: row.plan.group.name,
        title: row.title,
        status: decode(taskStatus, row.status, `Task ${row.id} status`),
        dueAt: row.dueAt,
        progress: row.progress,
      })),
      plans: plans.map((row) => ({
        group: row.group.name,
        concern: row.priority.concern.number,
        status: decode(planStatus, row.status, `ActionPlan ${row.id} status`),
        at: row.createdAt,
      })),
      readings: readings.map((row) => ({
        group: row.indicator.plan.group.name,
        indicator: row.indicator.name,
        value: row.value,
        note: row.note,
        at: row.recordedAt,
      })),
      evaluations: evaluations.map((row) => ({
        group: row.plan.group.name,
        objectivesMet: decode(objectivesMet, row.objectivesMet, `Evaluation ${row.id} objectivesMet`),
        worked: row.worked,
        didNotWork: row.didNotWork,
        change: row.change,
        at: row.createdAt,
      })),
      lessons: lessons.map((row) => ({ group: row.group.name, text: row.text, at: row.createdAt })),
      votesOpened: votes.map((row) => ({ group: row.group.name, purpose: decode(votePurpose, row.purpose, `Vote ${row.id} purpose`), at: row.openedAt })),
      stepChanges: stepChanges.map((row) => ({
        group: row.cycle.group.name,
        from: decode(step, row.fromStep, `StepChange ${row.id} fromStep`),
        to: decode(step, row.toStep, `StepChange ${row.id} toStep`),
        at: row.at,
      })),
      audit: audit.map((row) => ({ group: row.groupId === null ? null : (auditGroups.get(row.groupId) ?? null), action: row.action, at: row.at })),
      conversations: conversations.map((row) => ({ flow: row.flow, updatedAt: row.updatedAt })),
      scheduled: jobs.map((row) => ({ kind: row.kind, dueAt: row.dueAt, status: row.status })),
    };
  }

  /** All in one transaction; forgetting someone already forgotten (or unknown) changes nothing. */
  forget(personId: number, at: Date): Promise<void> {
    return this.db.atomically(async (client) => {
      const person = await client.person.findUnique({ where: { id: personId } });
      if (person === null || person.forgottenAt !== null) return;
      await anonymise(client, [person], at);
    });
  }

  /** All in one transaction, so a sweep interrupted half-way leaves nothing half-done. See the table above. */
  expire(before: Date): Promise<Record<string, number>> {
    return this.db.atomically(async (client) => {
      const old = { lt: before };
      const counts: Record<string, number> = {};
      const count = async (name: string, work: Promise<{ count: number }>) => {
        counts[name] = (counts[name] ?? 0) + (await work).count;
      };
      await count("ProcessedUpdate", client.processedUpdate.deleteMany({ where: { at: old } }));
      await count("Conversation", client.conversation.deleteMany({ where: { updatedAt: old } }));
      await count("AuditEntry", client.auditEntry.deleteMany({ where: { at: old } }));
      await count("Ballot", client.ballot.deleteMany({ where: { vote: { closedAt: old } } }));
      await count("Invitation", client.invitation.deleteMany({ where: { OR: [{ usedAt: old }, { expiresAt: old }] } }));
      await count("Membership", client.membership.deleteMany({ where: { leftAt: old } }));
      await count(
        "ScheduledJob",
        client.scheduledJob.updateMany({
          where: {
            status: { in: FINISHED_JOBS },
            dueAt: old,
            OR: [{ personId: { not: null } }, { payload: { not: "{}" } }, { outbox: { not: null } }, { claimedBy: { not: null } }],
          },
          data: { personId: null, payload: "{}", outbox: null, claimedBy: null },
        }),
      );
      await count("Concern", client.concern.updateMany({ where: { authorId: { not: null }, createdAt: old }, data: { authorId: null } }));
      await count("AssessmentAnswer", client.assessmentAnswer.updateMany({ where: { personId: { not: null }, createdAt: old }, data: { personId: null } }));
      await count("Stakeholder", client.stakeholder.updateMany({ where: { addedById: { not: null }, createdAt: old }, data: { addedById: null } }));
      await count("IndicatorReading", client.indicatorReading.updateMany({ where: { recordedById: { not: null }, recordedAt: old }, data: { recordedById: null } }));
      await count("Evaluation", client.evaluation.updateMany({ where: { createdById: { not: null }, createdAt: old }, data: { createdById: null } }));
      await count("Lesson", client.lesson.updateMany({ where: { authorId: { not: null }, createdAt: old }, data: { authorId: null } }));
      await count("ActionPlan", client.actionPlan.updateMany({ where: { createdById: { not: null }, createdAt: old }, data: { createdById: null } }));
      await count("Vote", client.vote.updateMany({ where: { openedById: { not: null }, closedAt: old }, data: { openedById: null } }));
      await count("StepChange", client.stepChange.updateMany({ where: { changedById: { not: null }, at: old }, data: { changedById: null } }));

      // After the memberships above: someone in no group, coordinating nothing, met before the cutoff and quiet since.
      const idle = await client.person.findMany({
        where: { forgottenAt: null, createdAt: old, memberships: { none: {} }, staff: { none: {} } },
        select: { id: true, platform: true, displayName: true },
      });
      const gone: Forgettable[] = [];
      for (const person of idle) if ((await ownConversations(client, person)).length === 0) gone.push(person);
      await anonymise(client, gone, before);
      const tombstones = await client.person.deleteMany({ where: { forgottenAt: old, ballots: { none: {} } } });
      counts["Person"] = gone.length + tombstones.count;
      return counts;
    });
  }
}

/**
 * Removes every link from these people to what they did, inside the caller's
 * transaction. `at` is when they are forgotten: their memberships end then.
 */
async function anonymise(client: Client, people: readonly Forgettable[], at: Date): Promise<void> {
  if (people.length === 0) return;
  const ids = people.map((person) => person.id);
  const among = { in: ids };

  await client.concern.updateMany({ where: { authorId: among }, data: { authorId: null } });
  await client.assessmentAnswer.updateMany({ where: { personId: among }, data: { personId: null } });
  await client.stakeholder.updateMany({ where: { addedById: among }, data: { addedById: null } });
  await client.indicatorReading.updateMany({ where: { recordedById: among }, data: { recordedById: null } });
  await client.evaluation.updateMany({ where: { createdById: among }, data: { createdById: null } });
  await client.lesson.updateMany({ where: { authorId: among }, data: { authorId: null } });
  await client.actionPlan.updateMany({ where: { createdById: among }, data: { createdById: null } });
  await client.vote.updateMany({ where: { openedById: among }, data: { openedById: null } });
  await client.stepChange.updateMany({ where: { changedById: among }, data: { changedById: null } });
  await client.invitation.updateMany({ where: { createdById: among }, data: { createdById: null } });
  await client.invitation.updateMany({ where: { usedById: among }, data: { usedById: null } });
  await client.auditEntry.updateMany({ where: { actorId: among }, data: { actorId: null } });
  await client.auditEntry.updateMany({ where: { entity: "person", entityId: among }, data: { entityId: null } });
  await client.task.updateMany({ where: { ownerId: among }, data: { ownerId: null } });
  await client.programmeStaff.deleteMany({ where: { personId: among } });
  await client.membership.updateMany({ where: { personId: among, leftAt: null }, data: { leftAt: at } });
  await client.membership.updateMany({ where: { personId: among }, data: { consentAt: null, role: "member" } });
  await client.scheduledJob.deleteMany({ where: { personId: among } });

  for (const person of people) {
    const own = await ownConversations(client, person);
    await client.conversation.deleteMany({ where: { id: { in: own.map((row) => row.id) } } });
    await unnameInConversations(client, person.displayName);
    await client.person.update({
      where: { id: person.id },
      data: {
        displayName: FORGOTTEN_NAME,
        platform: FORGOTTEN_PLATFORM,
        platformUserId: String(person.id),
        locale: null,
        selfDescription: null,
        privacyNoticeAt: null,
        forgottenAt: at,
      },
    });
  }
}

/** Conversation keys are "<platform>:<chat>:<person id>" (see Turn.conversationKey). */
function isKeyOf(key: string, person: { id: number; platform: string }): boolean {
  return key.startsWith(`${person.platform}:`) && key.endsWith(`:${person.id}`);
}

async function ownConversations(client: Client, person: { id: number; platform: string }) {
  const rows = await client.conversation.findMany({ where: { key: { endsWith: `:${person.id}` } }, orderBy: byId });
  return rows.filter((row) => isKeyOf(row.key, person));
}

/**
 * Other people's conversations may offer the person as a choice (a plan's
 * possible task owners): such a choice, and its line in the question, shows
 * the forgotten mark instead of the name. Only whole values are replaced, so
 * a name that is also an ordinary word leaves other texts alone.
 */
async function unnameInConversations(client: Client, name: string): Promise<void> {
  if (name.trim() === "" || name === FORGOTTEN_NAME) return;
  const rows = await client.conversation.findMany({ where: { state: { contains: name } } });
  for (const row of rows) {
    const state = decodeJson(jsonObject, row.state, `Conversation ${row.id} state`);
    const text = JSON.stringify(unname(state, name));
    if (text !== row.state) await client.conversation.update({ where: { id: row.id }, data: { state: text } });
  }
}

function unname(value: unknown, name: string): unknown {
  if (typeof value === "string") {
    if (value === name) return FORGOTTEN_NAME;
    return value
      .split("\n")
      .map((line) => {
        const numbered = /^(\d+\. )(.*)$/.exec(line);
        return numbered?.[2] === name ? `${numbered[1]}${FORGOTTEN_NAME}` : line;
      })
      .join("\n");
  }
  if (Array.isArray(value)) return value.map((item) => unname(item, name));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unname(item, name)]));
  return value;
}

async function groupNames(client: Client, ids: (number | null)[]): Promise<Map<number, string | null>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await client.group.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}
