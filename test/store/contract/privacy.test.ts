/**
 * A person's own data in the store: everything about them (`about`),
 * forgetting them (`forget`) and the retention period (`expire`), on SQLite
 * and PostgreSQL. Forgetting is checked on the raw tables, every one of
 * them: a table added later fails here until someone decides what
 * forgetting does to it.
 */
import { expect, it } from "vitest";
import { FORGOTTEN_NAME } from "../../../src/domain/personal-data.ts";
import { relay } from "../../../src/domain/text.ts";
import type { Person } from "../../../src/domain/types.ts";
import type { Store } from "../../../src/flows/ports.ts";
import type { Db } from "../../../src/store/database.ts";
import { aGroupInCycle, aNewVote, aPerson, at, describeStore, opened, unique } from "./fixtures.ts";

/**
 * Every table, and its columns that hold a person's id. Forgetting must
 * leave none of them pointing at the person.
 */
const PERSON_COLUMNS: Record<string, readonly string[]> = {
  Programme: [],
  ProgrammeStaff: ["personId"],
  Invitation: ["createdById", "usedById"],
  Group: [],
  Person: ["id"],
  PersonAlias: ["personId"],
  Membership: ["personId"],
  Cycle: [],
  StepChange: ["changedById"],
  SiteCheck: [],
  AssessmentAnswer: ["personId"],
  Stakeholder: ["addedById"],
  Concern: ["authorId"],
  Vote: ["openedById"],
  VoteOption: [],
  Ballot: ["voterId"],
  Priority: [],
  ActionPlan: ["createdById"],
  PlanStep: [],
  Task: ["ownerId"],
  Objective: [],
  Indicator: [],
  IndicatorReading: ["recordedById"],
  ReviewMeeting: [],
  Evaluation: ["createdById"],
  Lesson: ["authorId"],
  ScheduledJob: ["personId"],
  Conversation: [],
  ProcessedUpdate: [],
  SentQuestion: [],
  AuditEntry: ["actorId"],
};

async function tables(client: Db, provider: string): Promise<string[]> {
  const rows =
    provider === "sqlite"
      ? await client.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`)
      : await client.$queryRawUnsafe<{ name: string }[]>(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
        );
  return rows.map((row) => row.name).sort();
}

async function rowsOf(client: Db, table: string): Promise<Record<string, unknown>[]> {
  return client.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
}

/** A value as a whole word of a row's text (so "user-1-4" is not found in "user-1-41"). */
function mentions(row: Record<string, unknown>, value: string): boolean {
  const text = JSON.stringify(row, (_key, field: unknown) => (typeof field === "bigint" ? Number(field) : field));
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w-])${escaped}($|[^\\w-])`).test(text);
}

/** Every row of every table, to show that something changed nothing. */
async function everything(client: Db): Promise<Record<string, Record<string, unknown>[]>> {
  const all: Record<string, Record<string, unknown>[]> = {};
  for (const table of Object.keys(PERSON_COLUMNS)) all[table] = await client.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}" ORDER BY "id"`);
  return all;
}

/** Where in the store an id column still points at the person, or a row names them or their account (any of their ids). */
async function traces(client: Db, person: { id: number; platformUserId: string }, name: string, otherIds: readonly string[] = []): Promise<{ pointing: string[]; naming: string[] }> {
  const pointing: string[] = [];
  const naming: string[] = [];
  for (const [table, columns] of Object.entries(PERSON_COLUMNS)) {
    for (const row of await rowsOf(client, table)) {
      for (const column of columns) if (Number(row[column]) === person.id) pointing.push(`${table}.${column}`);
      if (mentions(row, name) || [person.platformUserId, ...otherIds].some((id) => mentions(row, id))) naming.push(table);
    }
  }
  return { pointing, naming };
}

/** A digest and a vote's result waiting to be sent (saved, not yet sent) that name the person and write to them. */
async function messagesAbout(store: Store, client: Db, groupId: number, person: Person, others: Person) {
  const toGroup = { kind: "chat", platform: "test", chatId: "group-chat" };
  const digest = unique("digest");
  await store.jobs.schedule({ kind: "concern-digest", groupId, personId: null, dueAt: at("2025-03-01T09:00:00Z"), payload: { raisedBy: person.displayName }, dedupeKey: digest });
  const result = unique("result");
  await store.jobs.schedule({ kind: "vote-close", groupId, personId: null, dueAt: at("2025-03-01T09:00:00Z"), payload: {}, dedupeKey: result });
  const [digestJob, resultJob] = [await client.scheduledJob.findUniqueOrThrow({ where: { dedupeKey: digest } }), await client.scheduledJob.findUniqueOrThrow({ where: { dedupeKey: result } })];
  await store.jobs.saveOutboxes(new Map([[digestJob.id, [
    { to: toGroup, text: `New concerns:\n#1 No lights on the market road (raised by ${relay(person.displayName)})\n#2 Goats (raised by ${relay(others.displayName)})` },
  ]]]));
  await store.jobs.saveOutboxes(new Map([[resultJob.id, [
    { to: toGroup, text: "The vote is closed." },
    { to: { kind: "person", platform: person.platform, userId: person.platformUserId }, text: "Who took part" },
    { to: { kind: "person", platform: others.platform, userId: others.platformUserId }, text: "Who took part" },
  ]]]));
  return { digest: digestJob.id, result: resultJob.id, toGroup };
}

/**
 * Everything a person can leave in the store, at `when`: a coordinator and
 * facilitator who raised a named and an anonymous concern, voted, answered
 * the assessment, mapped a stakeholder, wrote a plan, owns a task, recorded
 * a reading, evaluated, wrote a lesson, moved the step, has a conversation
 * going and a reminder queued.
 */
async function contributions(store: Store, client: Db, person: Person, when: Date, options: { coordinator?: boolean; closeVote?: boolean } = {}) {
  const { group, cycleId } = await aGroupInCycle(store);
  await store.groups.update(group.id, { name: "Ward 4 Safety Group" });
  const programme = await store.programmes.create("Delta programme");
  await store.groups.update(group.id, { programmeId: programme.id });
  if (options.coordinator ?? true) await store.programmes.addCoordinator(programme.id, person.id);
  await store.invitations.create({ programmeId: programme.id, role: "facilitator", codeHash: unique("made"), createdById: person.id, expiresAt: at("2099-01-01T00:00:00Z") });
  const used = unique("used");
  await store.invitations.create({ programmeId: programme.id, role: "coordinator", codeHash: used, createdById: null, expiresAt: at("2099-01-01T00:00:00Z") });
  await store.invitations.redeem(used, "coordinator", person.id, when);
  await store.memberships.join({ groupId: group.id, personId: person.id, consentAt: when, role: "facilitator" });
  await store.people.setLocale(person.id, "my");
  await store.people.setSelfDescription(person.id, ["woman", "young"]);
  await store.people.markPrivacyNotice(person.id, when);

  const named = await store.concerns.add({ groupId: group.id, cycleId, text: "No lights on the market road", authorId: person.id, at: when });
  const anonymous = await store.concerns.add({ groupId: group.id, cycleId, text: "Goats stolen at night", authorId: null, at: when });
  const vote = await opened(
    store.votes.open(
      aNewVote(
        group.id,
        cycleId,
        person.id,
        [
          { concernId: named.id, label: `#${named.number} No lights on the market road` },
          { concernId: anonymous.id, label: `#${anonymous.number} Goats stolen at night` },
        ],
        { openedAt: when },
      ),
    ),
  );
  await store.votes.cast(vote.id, person.id, [1, 1, 2], when);
  if (options.closeVote ?? true) await store.votes.close(vote.id, when);
  const [priority] = await store.priorities.set({ groupId: group.id, cycleId, voteId: vote.id, concernIds: [named.id] });
  if (!priority) throw new Error("no priority");

  await store.assessments.save({ cycleId, personId: person.id, question: "causes", answer: "Men with guns at the checkpoint", at: when });
  await store.stakeholders.add({ cycleId, name: "Village head", stance: "supports", addedById: person.id });
  const plan = await store.plans.create({ groupId: group.id, cycleId, priorityId: priority.id, createdById: person.id, at: when });
  await store.plans.addTask({ planId: plan.id, title: "Talk to the ward office", ownerId: person.id, dueAt: at("2099-02-01T00:00:00Z"), horizon: "quick" });
  await store.plans.addIndicator({ planId: plan.id, name: "Lamps working", baseline: 0, target: 10 });
  const indicator = await client.indicator.findFirstOrThrow({ where: { planId: plan.id } });
  const task = await client.task.findFirstOrThrow({ where: { planId: plan.id } });
  await client.indicatorReading.create({ data: { indicatorId: indicator.id, value: 3, note: "three lamps fixed", recordedById: person.id, recordedAt: when } });
  await client.evaluation.create({ data: { planId: plan.id, objectivesMet: "partly", worked: "the ward office listened", createdById: person.id, createdAt: when } });
  await client.lesson.create({ data: { groupId: group.id, cycleId, planId: plan.id, text: "Ask early", authorId: person.id, createdAt: when } });
  await store.cycles.moveStep({ cycleId, from: 1, to: 2, changedById: person.id, missing: [], at: when });
  await store.audit.record({ at: when, actorId: person.id, groupId: group.id, action: "vote.opened", entity: "vote", entityId: vote.id });
  await store.conversations.save(`${person.platform}:dm:${person.id}`, { flow: "plan", state: { step: "menu", prompt: { key: "plan.menu.prompt" } } }, when);
  await store.jobs.schedule({ kind: "task-due-soon", groupId: group.id, personId: person.id, dueAt: when, payload: { taskId: task.id }, dedupeKey: unique("job") });
  return { group, cycleId, programme, named, anonymous, vote, plan, task };
}

describeStore("privacy: what is stored about a person, and forgetting them", (context) => {
  it("gathers everything stored about the person, and nothing of anyone else's", async () => {
    const { store, client } = context();
    const person = await aPerson(store, "Amina");
    const when = at("2025-03-01T08:00:00Z");
    const made = await contributions(store, client, person, when, { closeVote: false });
    const other = await aPerson(store, "Bo");
    const [lid, phone] = [unique("lid"), unique("phone")];
    await store.people.addAliases(person.id, [lid, phone]);
    await store.people.addAliases(other.id, [unique("lid")]);
    await store.concerns.add({ groupId: made.group.id, cycleId: made.cycleId, text: "Bo's concern", authorId: other.id, at: when });
    await store.votes.cast(made.vote.id, other.id, [2, 2, 2], when);

    const data = await store.privacy.about(person.id);
    const ward = { name: "Ward 4 Safety Group", timeZone: "Africa/Nairobi" };

    expect(data.profile).toMatchObject({ displayName: "Amina", platform: "test", platformUserId: person.platformUserId, otherIds: [lid, phone], locale: "my", selfDescription: ["woman", "young"], privacyNoticeAt: when });
    expect(data.memberships).toEqual([{ group: ward, role: "facilitator", joinedAt: when, consentAt: when, leftAt: null }]);
    expect(data.coordinates).toEqual([{ programme: "Delta programme", since: expect.any(Date) }]);
    expect(data.invitations.map((i) => [i.how, i.role])).toEqual([
      ["created", "facilitator"],
      ["used", "coordinator"],
    ]);
    expect(data.concerns).toEqual([{ group: ward, number: made.named.number, text: "No lights on the market road", status: "priority", raisedAt: when }]);
    expect(data.ballots).toEqual([
      {
        group: ward,
        purpose: "priorities",
        method: "dot",
        openedAt: when,
        closedAt: null,
        castAt: when,
        choices: [
          { position: 1, label: `#${made.named.number} No lights on the market road` },
          { position: 1, label: `#${made.named.number} No lights on the market road` },
          { position: 2, label: `#${made.anonymous.number} Goats stolen at night` },
        ],
      },
    ]);
    expect(data.answers).toEqual([{ group: ward, cycle: 1, question: "causes", answer: "Men with guns at the checkpoint", at: when }]);
    expect(data.stakeholders).toMatchObject([{ group: ward, name: "Village head", stance: "supports" }]);
    expect(data.tasks).toEqual([{ group: ward, title: "Talk to the ward office", status: "open", dueAt: at("2099-02-01T00:00:00Z"), progress: null }]);
    expect(data.plans).toEqual([{ group: ward, concern: made.named.number, status: "draft", at: when }]);
    expect(data.readings).toEqual([{ group: ward, indicator: "Lamps working", value: 3, note: "three lamps fixed", at: when }]);
    expect(data.evaluations).toEqual([{ group: ward, objectivesMet: "partly", worked: "the ward office listened", didNotWork: null, change: null, at: when }]);
    expect(data.lessons).toEqual([{ group: ward, text: "Ask early", at: when }]);
    expect(data.votesOpened).toEqual([{ group: ward, purpose: "priorities", at: when }]);
    expect(data.stepChanges).toEqual([{ group: ward, from: 1, to: 2, at: when }]);
    expect(data.audit).toEqual([{ group: ward, action: "vote.opened", at: when }]);
    expect(data.conversations).toEqual([{ flow: "plan", updatedAt: when }]);
    expect(data.scheduled).toEqual([{ kind: "task-due-soon", group: ward, dueAt: when, sentAt: null, status: "pending" }]);
    expect(JSON.stringify(data)).not.toContain("Goats stolen at night (raised");
    expect(JSON.stringify(data)).not.toContain("Bo's concern");
  });

  it("forgets a person in every table: their row goes, nothing points at them or names them, and their contributions stay, anonymous", async () => {
    const { store, client, database } = context();
    const name = "Amina Thuzar Forgettable";
    const person = await store.people.identify("test", unique("user"), name);
    const when = at("2025-03-01T08:00:00Z");
    const made = await contributions(store, client, person, when, { closeVote: false });
    const bystander = await aPerson(store, "Bystander");
    await store.memberships.join({ groupId: made.group.id, personId: bystander.id, consentAt: when });
    await store.votes.cast(made.vote.id, bystander.id, [2, 2, 2], at("2025-03-01T08:05:00Z"));
    const closedAt = at("2025-03-02T08:00:00Z");
    await store.votes.close(made.vote.id, closedAt);
    // A second vote, still open, in which both have voted.
    const open = await opened(store.votes.open(aNewVote(made.group.id, made.cycleId, bystander.id, [{ concernId: null, label: "A" }, { concernId: null, label: "B" }], { openedAt: closedAt })));
    await store.votes.cast(open.id, person.id, [1, 1, 1], closedAt);
    await store.votes.cast(open.id, bystander.id, [2, 2, 2], closedAt);
    const saved = await messagesAbout(store, client, made.group.id, person, bystander);
    // Another id of theirs, a question asked in their private chat under each id and one in the group, and a message waiting for the other id.
    const phone = unique("phone");
    await store.people.addAliases(person.id, [phone]);
    const [inPrivate, inPrivateByPhone, inGroup] = [unique("q"), unique("q"), unique("q")];
    await store.sentQuestions.remember(inPrivate, { platform: "test", chatId: person.platformUserId, messageId: "11" }, when);
    await store.sentQuestions.remember(inPrivateByPhone, { platform: "test", chatId: phone, messageId: "12" }, when);
    await store.sentQuestions.remember(inGroup, { platform: "test", chatId: made.group.chatId, messageId: "13" }, when);
    const toPhone = unique("to-phone");
    await store.jobs.schedule({ kind: "vote-close", groupId: made.group.id, personId: null, dueAt: when, payload: {}, dedupeKey: toPhone });
    const toPhoneJob = await client.scheduledJob.findUniqueOrThrow({ where: { dedupeKey: toPhone } });
    await store.jobs.saveOutboxes(new Map([[toPhoneJob.id, [{ to: { kind: "person", platform: "test", userId: phone }, text: "Who took part" }]]]));

    await store.privacy.forget(person.id, at("2025-04-01T08:00:00Z"));

    // Every table has been looked at: no id column points at the person, no row names them or their account, by any of their ids.
    expect(await tables(client, database.provider)).toEqual(Object.keys(PERSON_COLUMNS).sort());
    expect(await traces(client, person, name, [phone])).toEqual({ pointing: [], naming: [] });
    expect(await store.people.find("test", phone)).toBeNull();
    expect(await store.sentQuestions.find(inPrivate)).toBeNull();
    expect(await store.sentQuestions.find(inPrivateByPhone)).toBeNull();
    expect(await store.sentQuestions.find(inGroup)).toEqual({ platform: "test", chatId: made.group.chatId, messageId: "13" });
    expect(JSON.parse((await client.scheduledJob.findUniqueOrThrow({ where: { id: toPhoneJob.id } })).outbox ?? "null")).toEqual([]);
    expect(await client.auditEntry.count({ where: { entity: "person", entityId: person.id } })).toBe(0);

    // Nothing stays in their place: no row, no membership (so no join time), no coordinator place.
    expect(await client.person.findUnique({ where: { id: person.id } })).toBeNull();
    expect(await client.membership.findMany({ where: { groupId: made.group.id }, select: { personId: true } })).toEqual([{ personId: bystander.id }]);
    expect(await store.programmes.coordinatedBy(person.id)).toEqual([]);

    // Their ballot in the closed vote stands, with no voter, timed by the close; the open vote no longer holds theirs.
    expect(await store.votes.ballots(made.vote.id)).toEqual([
      { voterId: null, choices: [1, 1, 2] },
      { voterId: bystander.id, choices: [2, 2, 2] },
    ]);
    expect(await client.ballot.findMany({ where: { voteId: made.vote.id }, select: { castAt: true, updatedAt: true }, orderBy: { id: "asc" } })).toEqual([
      { castAt: closedAt, updatedAt: closedAt },
      { castAt: at("2025-03-01T08:05:00Z"), updatedAt: at("2025-03-01T08:05:00Z") },
    ]);
    expect(await store.votes.ballots(open.id)).toEqual([{ voterId: bystander.id, choices: [2, 2, 2] }]);

    // The messages waiting to be sent no longer name them, nor write to them; everyone else's stay as they were.
    const digest = await client.scheduledJob.findUniqueOrThrow({ where: { id: saved.digest } });
    expect(JSON.parse(digest.outbox ?? "null")).toEqual([
      { to: saved.toGroup, text: `New concerns:\n#1 No lights on the market road (raised by ${relay(FORGOTTEN_NAME)})\n#2 Goats (raised by ${relay("Bystander")})` },
    ]);
    expect(JSON.parse(digest.payload)).toEqual({ raisedBy: FORGOTTEN_NAME });
    const result = await client.scheduledJob.findUniqueOrThrow({ where: { id: saved.result } });
    expect(JSON.parse(result.outbox ?? "null")).toEqual([
      { to: saved.toGroup, text: "The vote is closed." },
      { to: { kind: "person", platform: "test", userId: bystander.platformUserId }, text: "Who took part" },
    ]);

    // Their contributions are all still there.
    expect(await store.concerns.list(made.group.id, ["open", "priority"])).toEqual([
      expect.objectContaining({ id: made.named.id, text: "No lights on the market road", authorId: null }),
      expect.objectContaining({ id: made.anonymous.id, authorId: null }),
    ]);
    expect((await store.votes.get(made.vote.id))?.options.map((o) => o.label)).toEqual([
      `#${made.named.number} No lights on the market road`,
      `#${made.anonymous.number} Goats stolen at night`,
    ]);
    expect(await client.assessmentAnswer.findMany({ where: { cycleId: made.cycleId } })).toMatchObject([{ personId: null, answer: "Men with guns at the checkpoint" }]);
    expect(await client.task.findUniqueOrThrow({ where: { id: made.task.id } })).toMatchObject({ title: "Talk to the ward office", ownerId: null });
    expect(await client.stakeholder.count({ where: { cycleId: made.cycleId } })).toBe(1);
    expect(await client.lesson.count({ where: { groupId: made.group.id } })).toBe(1);
    expect(await client.scheduledJob.count({ where: { personId: person.id } })).toBe(0);
    expect(await client.conversation.count({ where: { key: `test:dm:${person.id}` } })).toBe(0);

    // Whoever writes next from that account is someone new, with an id never used before.
    const again = await store.people.identify("test", person.platformUserId, name);
    expect(again.id).toBeGreaterThan(person.id);
  });

  it("shows the forgotten person as a mark, not a name, in a choice someone else is being offered", async () => {
    const { store, client } = context();
    const person = await store.people.identify("test", unique("user"), "Thida Offered");
    const writer = await aPerson(store, "Writer");
    const key = `test:dm:${writer.id}`;
    // As the plan flow offers members: their names as shown to others (see `relay`).
    const [shownWriter, shownThida] = [relay("Writer"), relay("Thida Offered")];
    const choices = [
      { number: 1, label: shownWriter },
      { number: 2, label: shownThida },
      { number: 3, label: "Thida Offered" },
    ];
    const draft = "Thida Offered said the road is dark";
    const state = { step: "task-owner", prompt: { key: "plan.ask.task-owner", vars: { options: `1. ${shownWriter}\n2. ${shownThida}\n3. Thida Offered` } }, choices, draft };
    await store.conversations.save(key, { flow: "plan", state }, at("2025-03-01T08:00:00Z"));

    await store.privacy.forget(person.id, at("2025-03-02T08:00:00Z"));

    const row = await client.conversation.findUniqueOrThrow({ where: { key } });
    expect(JSON.parse(row.state)).toEqual({
      ...state,
      prompt: { key: "plan.ask.task-owner", vars: { options: `1. ${shownWriter}\n2. ${relay(FORGOTTEN_NAME)}\n3. ${FORGOTTEN_NAME}` } },
      choices: [
        { number: 1, label: shownWriter },
        { number: 2, label: relay(FORGOTTEN_NAME) },
        { number: 3, label: FORGOTTEN_NAME },
      ],
      // What the writer typed is their own words, left as they are.
      draft,
    });
  });

  it("finds the name in stored texts when JSON escapes it (quotation marks, a backslash)", async () => {
    const { store, client } = context();
    const { group } = await aGroupInCycle(store);
    const person = await store.people.identify("test", unique("user"), 'Ko "Tiger" \\ Aung');
    const other = await aPerson(store, "Other");
    const saved = await messagesAbout(store, client, group.id, person, other);
    const key = `test:dm:${other.id}`;
    await store.conversations.save(key, { flow: "plan", state: { step: "task-owner", prompt: { key: "plan.ask.task-owner" }, choices: [{ number: 1, label: person.displayName }] } }, at("2025-03-01T08:00:00Z"));

    await store.privacy.forget(person.id, at("2025-03-02T08:00:00Z"));

    const digest = await client.scheduledJob.findUniqueOrThrow({ where: { id: saved.digest } });
    expect(JSON.parse(digest.outbox ?? "null")[0].text).toContain(`(raised by ${relay(FORGOTTEN_NAME)})`);
    expect(JSON.parse(digest.payload)).toEqual({ raisedBy: FORGOTTEN_NAME });
    expect(JSON.parse((await client.conversation.findUniqueOrThrow({ where: { key } })).state).choices).toEqual([{ number: 1, label: FORGOTTEN_NAME }]);
  });

  it("forgets once: asking again, or for someone unknown, changes nothing", async () => {
    const { store, client } = context();
    const person = await aPerson(store, "Twice");
    const made = await contributions(store, client, person, at("2025-03-01T08:00:00Z"));
    await store.privacy.forget(person.id, at("2025-03-02T08:00:00Z"));
    expect(await client.person.findUnique({ where: { id: person.id } })).toBeNull();
    const after = await everything(client);

    await store.privacy.forget(person.id, at("2025-05-02T08:00:00Z"));
    await store.privacy.forget(999_999, at("2025-05-02T08:00:00Z"));

    expect(await everything(client)).toEqual(after);
    expect(await store.votes.ballots(made.vote.id)).toEqual([{ voterId: null, choices: [1, 1, 2] }]);
  });

  it("rolls the forgetting back with the transaction around it", async () => {
    const { store, client } = context();
    const person = await aPerson(store, "Rolled Back");
    await contributions(store, client, person, at("2025-03-01T08:00:00Z"));
    const before = await everything(client);
    await expect(
      store.transaction(async (tx) => {
        await tx.privacy.forget(person.id, at("2025-03-02T08:00:00Z"));
        // Gone inside the transaction...
        expect(await tx.people.get(person.id)).toBeNull();
        throw new Error("the message failed");
      }),
    ).rejects.toThrow("the message failed");
    // ...and back, every row as it was, once it is rolled back.
    expect(await everything(client)).toEqual(before);
  });
});

describeStore("privacy: the retention period", (context) => {
  const OLD = at("2025-01-06T09:00:00Z");
  const RECENT = at("2030-01-06T09:00:00Z");
  const CUTOFF = at("2029-06-01T00:00:00Z");

  it("deletes or anonymises what is older than the cutoff, and leaves what is newer", async () => {
    const { store, client } = context();
    // Someone who took part long ago and left: their group's work stays, their traces go.
    const old = await aPerson(store, "Old Timer");
    const past = await contributions(store, client, old, OLD, { coordinator: false });
    await client.membership.updateMany({ where: { personId: old.id }, data: { leftAt: at("2025-02-01T00:00:00Z") } });
    await client.stakeholder.updateMany({ where: { addedById: old.id }, data: { createdAt: OLD } });
    await client.invitation.updateMany({ where: { OR: [{ createdById: old.id }, { usedById: old.id }] }, data: { expiresAt: OLD } });
    await client.scheduledJob.updateMany({ where: { personId: old.id }, data: { status: "sent", sentAt: OLD, outbox: JSON.stringify([{ text: "Your task is due" }]) } });
    const oldPhone = unique("phone");
    await store.people.addAliases(old.id, [oldPhone]);
    const job = await client.scheduledJob.findFirstOrThrow({ where: { personId: old.id } });
    await store.updates.markProcessed("test", unique("update"), OLD);

    // Someone active now, with a vote still open.
    const recent = await aPerson(store, "Active Now");
    const now = await contributions(store, client, recent, RECENT, { closeVote: false });
    await client.stakeholder.updateMany({ where: { addedById: recent.id }, data: { createdAt: RECENT } });
    const recentUpdate = unique("update");
    await store.updates.markProcessed("test", recentUpdate, RECENT);

    const counts = await store.privacy.expire(CUTOFF);

    // Deleted.
    expect(await client.processedUpdate.findMany({ select: { updateId: true } })).toEqual([{ updateId: recentUpdate }]);
    expect(await client.conversation.findMany({ select: { key: true } })).toEqual([{ key: `test:dm:${recent.id}` }]);
    expect(await client.auditEntry.findMany({ select: { actorId: true } })).toEqual([{ actorId: recent.id }]);
    expect(await client.ballot.count({ where: { voteId: past.vote.id } })).toBe(0);
    expect(await client.ballot.count({ where: { voteId: now.vote.id } })).toBe(1);
    expect(await client.invitation.count({ where: { programmeId: past.programme.id } })).toBe(0);
    expect(await client.invitation.count({ where: { programmeId: now.programme.id } })).toBe(2);
    expect(await client.membership.count({ where: { personId: old.id } })).toBe(0);

    // Anonymised: the old contributions keep their content, not their people.
    expect(await client.concern.findUniqueOrThrow({ where: { id: past.named.id } })).toMatchObject({ authorId: null, text: "No lights on the market road" });
    expect((await store.votes.get(past.vote.id))?.options[0]?.label).toBe(`#${past.named.number} No lights on the market road`);
    expect(await client.assessmentAnswer.findMany({ where: { cycleId: past.cycleId } })).toMatchObject([{ personId: null }]);
    expect(await client.stakeholder.findMany({ where: { cycleId: past.cycleId } })).toMatchObject([{ addedById: null }]);
    expect(await client.indicatorReading.count({ where: { recordedById: old.id } })).toBe(0);
    expect(await client.evaluation.count({ where: { createdById: old.id } })).toBe(0);
    expect(await client.lesson.count({ where: { authorId: old.id } })).toBe(0);
    expect(await client.actionPlan.count({ where: { createdById: old.id } })).toBe(0);
    expect(await client.vote.findUniqueOrThrow({ where: { id: past.vote.id } })).toMatchObject({ openedById: null });
    expect(await client.stepChange.count({ where: { changedById: old.id } })).toBe(0);
    expect(await client.scheduledJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ personId: null, payload: "{}", outbox: null, claimedBy: null, status: "sent" });
    // The finished job keeps its dedupe key: the same reminder is still never queued twice.
    expect(await store.jobs.schedule({ kind: job.kind, groupId: job.groupId, personId: null, dueAt: OLD, payload: {}, dedupeKey: job.dedupeKey })).toBe(false);
    // In no group and coordinating nothing, the old person is forgotten: gone, and nothing points at them or names them.
    expect(await client.person.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await traces(client, old, "Old Timer", [oldPhone])).toEqual({ pointing: [], naming: [] });
    expect(await client.task.findUniqueOrThrow({ where: { id: past.task.id } })).toMatchObject({ ownerId: null });

    // The recent person and their work are untouched.
    expect(await client.person.findUniqueOrThrow({ where: { id: recent.id } })).toMatchObject({ displayName: "Active Now" });
    expect(await client.concern.findUniqueOrThrow({ where: { id: now.named.id } })).toMatchObject({ authorId: recent.id });
    expect((await store.votes.get(now.vote.id))?.options[0]?.label).toBe(`#${now.named.number} No lights on the market road`);
    expect(await client.assessmentAnswer.findMany({ where: { cycleId: now.cycleId } })).toMatchObject([{ personId: recent.id }]);
    expect(await client.stakeholder.findMany({ where: { cycleId: now.cycleId } })).toMatchObject([{ addedById: recent.id }]);
    expect(await client.task.findUniqueOrThrow({ where: { id: now.task.id } })).toMatchObject({ ownerId: recent.id });
    expect(await client.membership.count({ where: { personId: recent.id, leftAt: null } })).toBe(1);
    expect(await store.privacy.about(recent.id)).toMatchObject({ concerns: [expect.anything()], ballots: [expect.anything()], answers: [expect.anything()] });

    expect(counts).toMatchObject({ ProcessedUpdate: 1, Conversation: 1, AuditEntry: 1, Ballot: 1, Invitation: 2, Membership: 1, ScheduledJob: 1, Concern: 1, AssessmentAnswer: 1, Person: 1 });

    // A second sweep finds nothing left to do.
    const again = await store.privacy.expire(CUTOFF);
    expect(Object.values(again).every((count) => count === 0)).toBe(true);
  });

  it("forgets by age someone who left: their ballot in a recent closed vote stays without them, one in an open vote goes", async () => {
    const { store, client } = context();
    const twoOptions = [
      { concernId: null, label: "A" },
      { concernId: null, label: "B" },
    ];
    const opener = await aPerson(store, "Opener");
    const votes = [];
    for (let i = 0; i < 2; i += 1) {
      const { group, cycleId } = await aGroupInCycle(store);
      await store.memberships.join({ groupId: group.id, personId: opener.id, consentAt: RECENT });
      votes.push(await opened(store.votes.open(aNewVote(group.id, cycleId, opener.id, twoOptions, { openedAt: RECENT }))));
    }
    const [closed, open] = votes;
    if (!closed || !open) throw new Error("two votes expected");
    // Met long before the cutoff (the database's clock), in no group any more.
    const voter = await aPerson(store, "Voter Who Left");
    await store.votes.cast(closed.id, voter.id, [1], RECENT);
    await store.votes.cast(closed.id, opener.id, [2], RECENT);
    await store.votes.cast(open.id, voter.id, [2], RECENT);
    const closedAt = at("2030-01-07T09:00:00Z");
    await store.votes.close(closed.id, closedAt);

    const counts = await store.privacy.expire(CUTOFF);

    expect(counts).toMatchObject({ Person: 1 });
    expect(await client.person.findUnique({ where: { id: voter.id } })).toBeNull();
    expect(await traces(client, voter, "Voter Who Left")).toEqual({ pointing: [], naming: [] });
    expect(await store.votes.ballots(closed.id)).toEqual([
      { voterId: null, choices: [1] },
      { voterId: opener.id, choices: [2] },
    ]);
    expect((await client.ballot.findFirstOrThrow({ where: { voteId: closed.id, voterId: null } })).castAt).toEqual(closedAt);
    expect(await store.votes.ballots(open.id)).toEqual([]);
  });

  it("keeps someone who first wrote long ago but is still in a group, coordinates, or is in a conversation", async () => {
    const { store } = context();
    const { group } = await aGroupInCycle(store);
    const member = await aPerson(store, "Member");
    await store.memberships.join({ groupId: group.id, personId: member.id, consentAt: OLD });
    const coordinator = await aPerson(store, "Coordinator");
    await store.programmes.addCoordinator((await store.programmes.create("P")).id, coordinator.id);
    const talking = await aPerson(store, "Talking");
    await store.conversations.save(`test:dm:${talking.id}`, { flow: "language", state: { step: "language", prompt: { key: "language.question" } } }, RECENT);

    await store.privacy.expire(CUTOFF);

    for (const person of [member, coordinator, talking]) expect((await store.people.get(person.id))?.displayName).toBe(person.displayName);
  });

});
