/**
 * A person's own data (SPEC §8): everything stored about them (`about`),
 * erasing them while their contributions stay (`forget`), and the retention
 * period (`expire`).
 *
 * Forgetting deletes the person: nothing stays in their place. A placeholder
 * row would keep what re-identifies them (when they joined each group, every
 * ballot they cast), so every link to them goes, every stored text that
 * names them stops naming them, and what they contributed stays for the
 * group, belonging to no one.
 *
 * Every table, and what happens to it
 * -----------------------------------
 * (F = on `forget`; E = on `expire(before)`, for rows older than `before`.)
 *
 * - PersonAlias (the person's other ids on their platform). F and E: deleted
 *   with the person, like their own id; never on their own by age, since
 *   they are how the person is recognised for as long as the bot knows them.
 * - SentQuestion (where a question's message was sent). F: those in the
 *   person's private chat (a chat id that is one of their ids, as on
 *   Telegram and WhatsApp) are deleted; a group's stay, they hold no person.
 *   Pruned after days by `expireOldData` (src/flows/privacy.ts), not here.
 * - Person. F: deleted. An id is never given out again (SQLite's
 *   AUTOINCREMENT, PostgreSQL's sequences), so whoever writes next from that
 *   account is someone new, and nothing can come to point at them by chance.
 *   E: people in no group any more, who coordinate nothing, whom the bot
 *   first met before the cutoff and who have no conversation newer than it,
 *   are forgotten the same way.
 * - Membership. F: deleted, with its join and consent times: the person
 *   leaves every group. E: memberships that ended before the cutoff are
 *   deleted.
 * - ProgrammeStaff (coordinators). F: deleted.
 * - Invitation. F: `createdById`, `usedById` → null (only hashes of codes are
 *   stored). E: invitations used or expired before the cutoff are deleted.
 * - Concern. F and E: `authorId` → null, so a named concern becomes
 *   anonymous; its text stays, it is the group's. (Ballot options hold
 *   "#n text" only, never the author.)
 * - Ballot. F: in a vote still open, deleted: leaving every group, the person
 *   withdraws it, and the vote counts those who stay. In a closed vote, kept
 *   with `voterId` → null and its cast and change times set to the vote's
 *   close: the result and its count stand, and neither a voter nor the moment
 *   of the private message that cast it is left to join the choices to.
 *   Each vote is locked first, so a close at the same moment either counts
 *   the ballot or finds it gone. E: ballots of votes closed before the
 *   cutoff are deleted, the voter's link to their choices being the most
 *   sensitive thing a vote leaves; the decision stays in the priorities and
 *   plan statuses the vote produced.
 * - AssessmentAnswer. F and E: `personId` → null; the answer stays for the
 *   assessment (the count of respondents drops accordingly).
 * - Stakeholder (`addedById`), IndicatorReading (`recordedById`), Evaluation
 *   and ActionPlan (`createdById`), Lesson (`authorId`), Vote (`openedById`,
 *   E: of votes closed before the cutoff), StepChange (`changedById`).
 *   F and E: → null; the contribution stays.
 * - Task. F: `ownerId` → null: an ownerless task is exactly what the plan
 *   checklist already reports as needing an owner ("task-owner" in
 *   domain/plans.ts) and what plans show as "no owner", and no reminder is
 *   queued for someone who can no longer be reached. E: owners are never
 *   cleared by age (a long effort may run for years).
 * - AuditEntry. F: `actorId` → null, and entries about the person
 *   (entity "person") lose the id. E: deleted.
 * - Conversation. F: the person's own are deleted; in other people's
 *   conversations, a choice showing the person's name (a plan's list of
 *   possible task owners), as stored or as shown to others (`relay`), shows
 *   the forgotten mark instead. E: conversations idle since before the
 *   cutoff are deleted.
 * - ScheduledJob. F: jobs addressed to the person are deleted (they could
 *   not be delivered any more). In every other job, the saved messages
 *   (outbox: a digest saying who raised what, a vote's result) lose those
 *   addressed to the person, and every occurrence of their name in a text,
 *   as stored or as shown to others, becomes the forgotten mark; the same in
 *   the payload. E: finished jobs (sent, cancelled, failed) due before the
 *   cutoff keep their row, so their dedupeKey stays taken and the same
 *   reminder is never queued twice, but lose their person, payload, outbox
 *   (the messages, with texts and platform ids) and worker name. No job
 *   records when it was queued: the first concern of an hour queues that
 *   hour's digest, so that moment would time an anonymous concern.
 * - ProcessedUpdate. E: deleted (it only guards against redeliveries, which
 *   come within hours). Holds no person.
 * - Programme, Group, Cycle, SiteCheck, VoteOption, Priority, PlanStep,
 *   Objective, Indicator, ReviewMeeting: the group's work, kept; none links
 *   to a person (VoteOption labels are cleaned as said above).
 *
 * What cannot be found by the store stays: words people typed about others
 * (a task title, a concern text that names someone).
 */
import { z } from "zod";
import { FORGOTTEN_NAME, type BallotData, type GroupRef, type PersonalData } from "../../domain/personal-data.ts";
import { relay } from "../../domain/text.ts";
import type { PrivacyRepository } from "../../flows/ports.ts";
import type { Client, Connection } from "./connection.ts";
import { decode, decodeJson, jsonObject } from "./decode.ts";
import { choices, concernStatus, groupRole, invitationRole, objectivesMet, planStatus, selfDescription, stance, step, taskStatus, voteMethod, votePurpose } from "./columns.ts";
import { lockVote } from "./locks.ts";

/** Jobs that will not run again. */
const FINISHED_JOBS = ["sent", "cancelled", "failed"];

const byId = { id: "asc" } as const;
const groupName = { select: { name: true, timeZone: true } } as const;
const programmeName = { select: { name: true } } as const;

/** What forgetting needs to know of a person: who they are, how they are named, and where they are reached. */
const forgettable = { id: true, platform: true, platformUserId: true, displayName: true, aliases: { select: { aliasId: true } } } as const;

interface Forgettable {
  id: number;
  platform: string;
  platformUserId: string;
  displayName: string;
  aliases: { aliasId: string }[];
}

/** Every id the person's platform knows them by: their own first, then their other ids. */
function idsOf(person: Forgettable): string[] {
  return [person.platformUserId, ...person.aliases.map((alias) => alias.aliasId)];
}

export class PrismaPrivacyRepository implements PrivacyRepository {
  constructor(private readonly db: Connection) {}

  /** Reads every table for rows that point at the person, each list oldest first. */
  async about(personId: number): Promise<PersonalData> {
    const client = this.db.client;
    const person = await client.person.findUnique({ where: { id: personId }, include: { aliases: { orderBy: byId } } });
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
    const refs = await groupRefs(client, [...audit.map((entry) => entry.groupId), ...jobs.map((job) => job.groupId)]);
    const refOf = (id: number | null) => (id === null ? null : (refs.get(id) ?? null));
    return {
      profile: {
        displayName: person.displayName,
        platform: person.platform,
        platformUserId: person.platformUserId,
        otherIds: person.aliases.map((alias) => alias.aliasId),
        locale: person.locale,
        selfDescription: person.selfDescription === null ? null : decodeJson(selfDescription, person.selfDescription, `Person ${person.id} selfDescription`),
        privacyNoticeAt: person.privacyNoticeAt,
        firstSeenAt: person.createdAt,
      },
      memberships: memberships.map((row) => ({
        group: row.group,
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
        group: row.group,
        number: row.number,
        text: row.text,
        status: decode(concernStatus, row.status, `Concern ${row.id} status`),
        raisedAt: row.createdAt,
      })),
      ballots: ballots.map((row): BallotData => {
        const label = new Map(row.vote.options.map((option) => [option.position, option.label ?? `#${option.position}`]));
        return {
          group: row.vote.group,
          purpose: decode(votePurpose, row.vote.purpose, `Vote ${row.vote.id} purpose`),
          method: decode(voteMethod, row.vote.method, `Vote ${row.vote.id} method`),
          openedAt: row.vote.openedAt,
          closedAt: row.vote.closedAt,
          choices: decodeJson(choices, row.choices, `Ballot ${row.id} choices`).map((position) => ({ position, label: label.get(position) ?? `#${position}` })),
          castAt: row.castAt,
        };
      }),
      answers: answers.map((row) => ({ group: row.cycle.group, cycle: row.cycle.number, question: row.question, answer: row.answer, at: row.createdAt })),
      stakeholders: stakeholders.map((row) => ({
        group: row.cycle.group,
        name: row.name,
        stance: decode(stance, row.stance, `Stakeholder ${row.id} stance`),
        at: row.createdAt,
      })),
      tasks: tasks.map((row) => ({
        group: row.plan.group,
        title: row.title,
        status: decode(taskStatus, row.status, `Task ${row.id} status`),
        dueAt: row.dueAt,
        progress: row.progress,
      })),
      plans: plans.map((row) => ({
        group: row.group,
        concern: row.priority.concern.number,
        status: decode(planStatus, row.status, `ActionPlan ${row.id} status`),
        at: row.createdAt,
      })),
      readings: readings.map((row) => ({
        group: row.indicator.plan.group,
        indicator: row.indicator.name,
        value: row.value,
        note: row.note,
        at: row.recordedAt,
      })),
      evaluations: evaluations.map((row) => ({
        group: row.plan.group,
        objectivesMet: decode(objectivesMet, row.objectivesMet, `Evaluation ${row.id} objectivesMet`),
        worked: row.worked,
        didNotWork: row.didNotWork,
        change: row.change,
        at: row.createdAt,
      })),
      lessons: lessons.map((row) => ({ group: row.group, text: row.text, at: row.createdAt })),
      votesOpened: votes.map((row) => ({ group: row.group, purpose: decode(votePurpose, row.purpose, `Vote ${row.id} purpose`), at: row.openedAt })),
      stepChanges: stepChanges.map((row) => ({
        group: row.cycle.group,
        from: decode(step, row.fromStep, `StepChange ${row.id} fromStep`),
        to: decode(step, row.toStep, `StepChange ${row.id} toStep`),
        at: row.at,
      })),
      audit: audit.map((row) => ({ group: refOf(row.groupId), action: row.action, at: row.at })),
      conversations: conversations.map((row) => ({ flow: row.flow, updatedAt: row.updatedAt })),
      scheduled: jobs.map((row) => ({ kind: row.kind, group: refOf(row.groupId), dueAt: row.dueAt, sentAt: row.sentAt, status: row.status })),
    };
  }

  /**
   * All in one transaction (see the table above); forgetting someone unknown,
   * or already forgotten, changes nothing. When it happened is kept nowhere,
   * so the time the port passes is not needed.
   */
  forget(personId: number): Promise<void> {
    return this.db.atomically(async (client) => {
      const person = await client.person.findUnique({ where: { id: personId }, select: forgettable });
      if (person !== null) await erase(client, [person]);
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
        where: { createdAt: old, memberships: { none: {} }, staff: { none: {} } },
        select: forgettable,
        orderBy: byId,
      });
      const gone: Forgettable[] = [];
      for (const person of idle) if ((await ownConversations(client, person)).length === 0) gone.push(person);
      await erase(client, gone);
      counts["Person"] = gone.length;
      return counts;
    });
  }
}

/**
 * Deletes these people and every link to them (see the table above), inside
 * the caller's transaction.
 */
async function erase(client: Client, people: readonly Forgettable[]): Promise<void> {
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
  await unlinkBallots(client, ids);
  await client.programmeStaff.deleteMany({ where: { personId: among } });
  await client.membership.deleteMany({ where: { personId: among } });
  await client.scheduledJob.deleteMany({ where: { personId: among } });
  for (const person of people) await client.sentQuestion.deleteMany({ where: { platform: person.platform, chatId: { in: idsOf(person) } } });
  await client.personAlias.deleteMany({ where: { personId: among } });
  for (const person of people) {
    const own = await ownConversations(client, person);
    await client.conversation.deleteMany({ where: { id: { in: own.map((row) => row.id) } } });
  }
  await unnameInConversations(client, people);
  await unnameInJobs(client, people);
  await client.person.deleteMany({ where: { id: among } });
}

/**
 * The voters' ballots: withdrawn from votes still open; in closed votes kept
 * for the result, without a voter, and timed by the close rather than by the
 * private message that cast them. Votes are locked one by one, in order.
 */
async function unlinkBallots(client: Client, voterIds: number[]): Promise<void> {
  const theirs = { voterId: { in: voterIds } };
  const voted = await client.ballot.findMany({ where: theirs, select: { voteId: true }, distinct: ["voteId"], orderBy: { voteId: "asc" } });
  for (const { voteId } of voted) {
    await lockVote(client, voteId);
    const vote = await client.vote.findUnique({ where: { id: voteId }, select: { closedAt: true } });
    if (vote === null) continue;
    const where = { voteId, ...theirs };
    if (vote.closedAt === null) await client.ballot.deleteMany({ where });
    else await client.ballot.updateMany({ where, data: { voterId: null, castAt: vote.closedAt, updatedAt: vote.closedAt } });
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

/** A form a person's name takes in stored texts, and the mark that replaces it. */
interface NameForm {
  name: string;
  mark: string;
}

/**
 * The people's names as stored and as the bot shows them to others (`relay`:
 * isolated, folded, made inert), longest first, so that a name is replaced
 * whole before a shorter one inside it. None for a name that is blank or the
 * mark itself.
 */
function nameForms(people: readonly Forgettable[]): NameForm[] {
  return people
    .map((person) => person.displayName)
    .filter((name) => name.trim() !== "" && name !== FORGOTTEN_NAME)
    .flatMap((name) => [
      { name: relay(name), mark: relay(FORGOTTEN_NAME) },
      { name, mark: FORGOTTEN_NAME },
    ])
    .sort((a, b) => b.name.length - a.name.length);
}

/**
 * What to look for with `contains` to find every JSON text holding one of
 * `values` (and maybe more: rows are checked again once parsed), or null if
 * nothing can narrow the search. Prisma hands `contains` to LIKE unescaped:
 * "%" and "_" then match more, which is harmless, but in PostgreSQL a
 * backslash escapes, and JSON writes one before every quotation mark. So
 * each value is looked for by its longest stretch without one, as JSON
 * writes it.
 */
function needles(values: readonly string[]): string[] | null {
  const stretches = values.map((value) =>
    JSON.stringify(value)
      .slice(1, -1)
      .split("\\")
      .reduce((longest, part) => (part.length > longest.length ? part : longest), ""),
  );
  return stretches.includes("") ? null : stretches;
}

/** Every string inside a JSON value, changed by `change`. */
function mapStrings(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === "string") return change(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, change)]));
  return value;
}

/**
 * Other people's conversations may offer the person as a choice (a plan's
 * possible task owners): such a choice, and its numbered line in the
 * question, shows the forgotten mark instead of the name. Only whole values
 * and whole lines are replaced: a draft someone is typing is their own
 * words, and a name that is also an ordinary word must leave it alone.
 */
async function unnameInConversations(client: Client, people: readonly Forgettable[]): Promise<void> {
  const forms = nameForms(people);
  if (forms.length === 0) return;
  const looked = needles(forms.map((form) => form.name));
  const rows = await client.conversation.findMany({ where: looked === null ? {} : { OR: looked.map((stretch) => ({ state: { contains: stretch } })) }, orderBy: byId });
  const markOf = (text: string) => forms.find((form) => form.name === text)?.mark;
  const change = (text: string) =>
    markOf(text) ??
    text
      .split("\n")
      .map((line) => {
        const numbered = /^(\d+\. )(.*)$/.exec(line);
        const mark = numbered?.[2] === undefined ? undefined : markOf(numbered[2]);
        return numbered && mark !== undefined ? `${numbered[1]}${mark}` : line;
      })
      .join("\n");
  for (const row of rows) {
    const state = decodeJson(jsonObject, row.state, `Conversation ${row.id} state`);
    const text = JSON.stringify(mapStrings(state, change));
    if (text !== row.state) await client.conversation.update({ where: { id: row.id }, data: { state: text } });
  }
}

/** A saved message for one person's private chat (see `personDestination` in flows/turn.ts). */
const toPerson = z.object({ to: z.object({ kind: z.literal("person"), platform: z.string(), userId: z.string() }) });

/**
 * Jobs keep the messages they became until they are sent (and, failed, until
 * the retention period): a digest says who raised a concern, a reminder who
 * owns a late task. Names are written into those texts, so every occurrence
 * is replaced, inside words too: a message that reads oddly is better than
 * one that names someone who asked to be forgotten. A message for the
 * person's own private chat is dropped; it could not reach them any more.
 */
async function unnameInJobs(client: Client, people: readonly Forgettable[]): Promise<void> {
  const forms = nameForms(people);
  const inOutbox = (values: string[]) => {
    const looked = needles(values);
    return looked === null ? [{ outbox: { not: null } }] : looked.map((stretch) => ({ outbox: { contains: stretch } }));
  };
  const inPayload = (values: string[]) => {
    const looked = needles(values);
    return looked === null ? [{}] : looked.map((stretch) => ({ payload: { contains: stretch } }));
  };
  const names = forms.map((form) => form.name);
  const rows = await client.scheduledJob.findMany({
    where: { OR: [...inOutbox(people.flatMap(idsOf)), ...(names.length === 0 ? [] : [...inOutbox(names), ...inPayload(names)])] },
    select: { id: true, payload: true, outbox: true },
    orderBy: byId,
  });
  const change = (text: string) => forms.reduce((changed, form) => changed.replaceAll(form.name, form.mark), text);
  const isTheirs = (message: unknown) => {
    const addressed = toPerson.safeParse(message);
    return addressed.success && people.some((person) => addressed.data.to.platform === person.platform && idsOf(person).includes(addressed.data.to.userId));
  };
  for (const row of rows) {
    const payload = JSON.stringify(mapStrings(decodeJson(jsonObject, row.payload, `ScheduledJob ${row.id} payload`), change));
    const outbox =
      row.outbox === null ? null : JSON.stringify(mapStrings(decodeJson(z.array(z.unknown()), row.outbox, `ScheduledJob ${row.id} outbox`).filter((message) => !isTheirs(message)), change));
    if (payload !== row.payload || outbox !== row.outbox) await client.scheduledJob.update({ where: { id: row.id }, data: { payload, outbox } });
  }
}

async function groupRefs(client: Client, ids: (number | null)[]): Promise<Map<number, GroupRef>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await client.group.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, timeZone: true } });
  return new Map(rows.map((row) => [row.id, { name: row.name, timeZone: row.timeZone }]));
}
