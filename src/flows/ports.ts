/**
 * What the flows need from a store, in domain terms.
 *
 * src/store implements these with Prisma for SQLite and PostgreSQL; one
 * contract suite (test/store) runs against both. Every method that decides
 * something under concurrency (numbering concerns, redeeming a code, casting
 * a ballot, closing a vote, moving a step, claiming a job) does so atomically
 * in the store, so two processes or two presses at once cannot both win.
 */
import type {
  Ballot,
  Concern,
  ConcernStatus,
  Cycle,
  CycleSpan,
  Group,
  GroupRole,
  Horizon,
  Member,
  Membership,
  Person,
  Plan,
  PlanStatus,
  Priority,
  Programme,
  ScheduledJob,
  Stakeholder,
  StakeholderStance,
  Step,
  TaskStatus,
  Vote,
  VoteMethod,
  VoteOption,
  VotePurpose,
} from "../domain/types.ts";
import type { PersonalData } from "../domain/personal-data.ts";
import type { SentRef } from "./channel.ts";
import type { Evaluation, Lesson, ObjectivesMet, Reading, TaskInGroup } from "../domain/types.ts";

export interface PeopleRepository {
  /**
   * Finds the person with this platform identity, creating them on first
   * contact; keeps the display name current, writing only when it changed.
   * `locale`: the language their platform says they use, taken as theirs on
   * first contact only (afterwards only `lang` changes it).
   */
  identify(platform: string, platformUserId: string, displayName: string, locale?: string): Promise<Person>;
  rename(personId: number, displayName: string): Promise<void>;
  get(personId: number): Promise<Person | null>;
  /** The person with this platform identity, if the bot has met them: by their id or by one of their other ids (see `addAliases`). */
  find(platform: string, platformUserId: string): Promise<Person | null>;
  /**
   * The person any of these ids belongs to (their own, or one of their
   * other ids), trying the ids in order: the first found wins, so the
   * sender's own id goes first. Null if none is known.
   */
  recognise(platform: string, ids: readonly string[]): Promise<Person | null>;
  /**
   * Records other ids the person's platform knows them by (WhatsApp: an
   * `@lid` id in groups, a phone id in private), so that a message from any
   * of them is theirs. Ids already theirs are skipped; an id already
   * belonging to someone else (as their id or another id) is never moved:
   * it is returned in `taken` and stays where it is. Writes nothing when
   * nothing is new.
   */
  addAliases(personId: number, ids: readonly string[]): Promise<{ added: string[]; taken: string[] }>;
  /** The person's other ids, oldest first: personal data, shown by `mydata` and erased with them. */
  aliases(personId: number): Promise<string[]>;
  setLocale(personId: number, locale: string): Promise<void>;
  setSelfDescription(personId: number, tags: string[] | null): Promise<void>;
  /** When the privacy notice was given; null once it is known that it never arrived. */
  markPrivacyNotice(personId: number, at: Date | null): Promise<void>;
}

export interface ProgrammeRepository {
  create(name: string): Promise<Programme>;
  get(programmeId: number): Promise<Programme | null>;
  addCoordinator(programmeId: number, personId: number): Promise<void>;
  /** Programmes this person coordinates, oldest first. */
  coordinatedBy(personId: number): Promise<Programme[]>;
  count(): Promise<number>;
}

export type InvitationRole = "coordinator" | "facilitator";

export interface Invitation {
  id: number;
  programmeId: number;
  role: InvitationRole;
}

export interface InvitationRepository {
  create(input: { programmeId: number; role: InvitationRole; codeHash: string; createdById: number | null; expiresAt: Date }): Promise<Invitation>;
  /** Marks an invitation for this role used, once: null if unknown, for another role, used already or expired. */
  redeem(codeHash: string, role: InvitationRole, personId: number, at: Date): Promise<Invitation | null>;
}

export interface GroupPatch {
  programmeId?: number;
  name?: string;
  place?: string;
  locale?: string;
  timeZone?: string;
  dotPoints?: number;
  setupAt?: Date;
}

export interface GroupRepository {
  find(platform: string, chatId: string): Promise<Group | null>;
  get(groupId: number): Promise<Group | null>;
  create(input: { platform: string; chatId: string; locale: string; timeZone: string }): Promise<Group>;
  update(groupId: number, patch: GroupPatch): Promise<Group>;
  /**
   * Records activity in the group on `at`'s day (UTC): the day only, so the
   * time of a private action cannot be read from it, and at most one write a
   * day: nothing at all when `group`, as read in this message, already bears
   * that day's mark.
   */
  touch(group: Pick<Group, "id" | "lastActivityAt">, at: Date): Promise<void>;
  /** The group's chat has a new id on its platform (a Telegram group upgraded to a supergroup): everything stays with the group. */
  moveChat(platform: string, fromChatId: string, toChatId: string): Promise<void>;
  /** Set-up groups of these programmes. */
  inProgrammes(programmeIds: number[]): Promise<Group[]>;
}

export interface MembershipRepository {
  get(groupId: number, personId: number): Promise<Membership | null>;
  /** Joins, or rejoins after leaving; an existing role is kept unless one is given. */
  join(input: { groupId: number; personId: number; consentAt: Date; role?: GroupRole }): Promise<Membership>;
  setRole(groupId: number, personId: number, role: GroupRole): Promise<void>;
  /** Marks a current member as gone; their contributions stay. */
  leave(groupId: number, personId: number, at: Date): Promise<void>;
  /** Current members (consented, not left), in order of joining. */
  members(groupId: number): Promise<Member[]>;
  /** Groups the person is a current member of, in order of joining. */
  groupsOf(personId: number): Promise<Group[]>;
}

export interface CycleRepository {
  /** The open cycles of these programmes' groups. */
  openCyclesInProgrammes(programmeIds: number[]): Promise<Cycle[]>;
  /** The group's open cycle, started at step 1 (at `at`, if given) if it has none. */
  current(groupId: number, at?: Date): Promise<Cycle>;
  /** Every cycle the group has had, the first first, with when each began and ended. */
  history(groupId: number): Promise<CycleSpan[]>;
  /** Closes the open cycle (only if it is still `cycleId`) and opens the next at step 1; null if someone did it first. */
  startNext(input: { groupId: number; cycleId: number; at: Date }): Promise<Cycle | null>;
  /** Moves the cycle from one step to another only if it is still at `from`; false if someone moved it first. */
  moveStep(input: { cycleId: number; from: Step; to: Step; changedById: number; missing: string[]; at: Date }): Promise<boolean>;
}

export interface TaskPatch {
  status?: TaskStatus;
  progress?: string;
  dueAt?: Date | null;
  ownerId?: number;
}

/** Step 4 and 5: carrying plans out, measuring, reviewing, evaluating and learning. */
export interface MonitoringRepository {
  /** Tasks of the cycle's plans, by plan then id. */
  tasksOfCycle(cycleId: number): Promise<TaskInGroup[]>;
  /** Tasks of approved plans in the open cycles of these programmes' groups, for the coordinator's view. */
  tasksInProgrammes(programmeIds: number[]): Promise<TaskInGroup[]>;
  /** Tasks the person owns in their groups' open cycles. */
  tasksOwnedBy(personId: number): Promise<TaskInGroup[]>;
  task(taskId: number): Promise<TaskInGroup | null>;
  updateTask(taskId: number, patch: TaskPatch, at: Date): Promise<void>;
  addReading(input: { indicatorId: number; value: number; note: string | null; recordedById: number; at: Date }): Promise<void>;
  /** Readings of these indicators, oldest first. */
  readings(indicatorIds: number[]): Promise<Reading[]>;
  /** Records a review meeting held on `heldAt`: the earliest planned one not yet held, or a new one. */
  holdReview(input: { planId: number; heldAt: Date; notes: string }): Promise<void>;
  addEvaluation(input: { planId: number; objectivesMet: ObjectivesMet; worked: string | null; didNotWork: string | null; change: string | null; createdById: number; at: Date }): Promise<void>;
  evaluations(planIds: number[]): Promise<Evaluation[]>;
  addLesson(input: { groupId: number; cycleId: number; planId: number | null; text: string; authorId: number; at: Date }): Promise<Lesson>;
  /** The group's lessons from every cycle, oldest first. */
  lessons(groupId: number): Promise<Lesson[]>;
}

export interface SiteCheckRepository {
  set(groupId: number, item: string, met: boolean, at: Date): Promise<void>;
  list(groupId: number): Promise<{ item: string; met: boolean }[]>;
}

export interface AssessmentRepository {
  save(input: { cycleId: number; personId: number; question: string; answer: string; at: Date }): Promise<void>;
  /** How many different people have answered at least one question in this cycle. */
  respondents(cycleId: number): Promise<number>;
}

export interface StakeholderRepository {
  add(input: { cycleId: number; name: string; stance: StakeholderStance; addedById: number }): Promise<Stakeholder>;
  list(cycleId: number): Promise<Stakeholder[]>;
}

export interface ConcernRepository {
  /**
   * Stores a concern with the group's next number. An anonymous concern is
   * given `authorId: null`. Its time is kept to the hour (UTC), no finer than
   * the digest that shows it, so it cannot time the message that raised it.
   */
  add(input: { groupId: number; cycleId: number; text: string; authorId: number | null; at: Date }): Promise<Concern>;
  list(groupId: number, statuses: ConcernStatus[]): Promise<Concern[]>;
  get(groupId: number, number: number): Promise<Concern | null>;
  /** Marks `merged` as merged into `into`, adding its text to `into`'s; both must be open. */
  merge(groupId: number, into: number, merged: number): Promise<Concern | null>;
  setStatus(concernIds: number[], status: ConcernStatus): Promise<void>;
  /** Concerns not yet shown to the group in a digest, oldest first. */
  unannounced(groupId: number): Promise<Concern[]>;
  markAnnounced(concernIds: number[], at: Date): Promise<void>;
}

/** `method-changed`: the vote's method or points are no longer those the ballot was filled in for. */
export type CastResult = { kind: "cast"; replaced: boolean } | { kind: "closed" } | { kind: "method-changed" };

/** What came of changing an open vote's method: refused once a ballot exists, or once it closed. */
export type MethodChange = "changed" | "has-ballots" | "closed";

export interface NewVote {
  groupId: number;
  cycleId: number;
  purpose: VotePurpose;
  method: Vote["method"];
  points: number;
  planId: number | null;
  openedById: number;
  openedAt: Date;
  closesAt: Date | null;
  options: Omit<VoteOption, "position">[];
}

export interface VoteRepository {
  /** Opens a vote, or returns null if the group already has one open: a group votes on one thing at a time. */
  open(input: NewVote): Promise<Vote | null>;
  get(voteId: number): Promise<Vote | null>;
  /** The group's vote that has not closed, if any (a group has one open vote at a time). */
  openFor(groupId: number): Promise<Vote | null>;
  /** The group's most recently closed vote for this purpose. */
  lastClosed(groupId: number, purpose: VotePurpose, cycleId?: number): Promise<Vote | null>;
  /** Stores or replaces the voter's ballot, atomically refusing once the vote has closed. */
  cast(voteId: number, voterId: number, choices: number[], at: Date, filledFor?: { method: VoteMethod; points: number }): Promise<CastResult>;
  /**
   * Changes an open vote's method and points, atomically refusing once any
   * ballot exists (a ballot is counted the way it was cast) or the vote has
   * closed. A ballot being cast at the same moment either comes first (and
   * the change is refused) or finds the method changed.
   */
  changeMethod(voteId: number, method: VoteMethod, points: number, at: Date): Promise<MethodChange>;
  /** Closes the vote once; false if it was closed already. */
  close(voteId: number, at: Date): Promise<boolean>;
  /** Records, once, how many could vote in a closed vote (see `electorate` in src/domain/voting.ts). */
  recordElectorate(voteId: number, electorate: number): Promise<void>;
  ballots(voteId: number): Promise<Ballot[]>;
}

export interface PriorityRepository {
  /** Replaces the cycle's priorities with these concerns, ranked in the given order. */
  set(input: { groupId: number; cycleId: number; voteId: number; concernIds: number[] }): Promise<Priority[]>;
  list(cycleId: number): Promise<Priority[]>;
}

/** One item of a plan's lists, as written in the plan builder. */
export type PlanItem =
  | { part: "steps"; text: string; horizon: Horizon }
  | { part: "tasks"; title: string; ownerId: number; dueAt: Date | null; horizon: Horizon }
  | { part: "objectives"; text: string }
  | { part: "indicators"; name: string; baseline: number | null; target: number | null }
  | { part: "reviews"; scheduledFor: Date };

export interface PlanRepository {
  create(input: { groupId: number; cycleId: number; priorityId: number; createdById: number; at: Date }): Promise<Plan>;
  get(planId: number): Promise<Plan | null>;
  forPriority(priorityId: number): Promise<Plan | null>;
  list(cycleId: number): Promise<Plan[]>;
  setProblem(planId: number, problem: string): Promise<void>;
  addStep(planId: number, text: string, horizon: Horizon): Promise<void>;
  addTask(input: { planId: number; title: string; ownerId: number; dueAt: Date | null; horizon: Horizon }): Promise<void>;
  addObjective(planId: number, text: string): Promise<void>;
  addIndicator(input: { planId: number; name: string; baseline: number | null; target: number | null }): Promise<void>;
  addReview(planId: number, scheduledFor: Date): Promise<void>;
  /** Removes these reviews of the plan that are still to be held (a review set at a meeting replaces them); held ones stay. */
  removeReviews(planId: number, reviewIds: number[]): Promise<void>;
  /** Empties one part of a draft so it can be written again. */
  clearPart(planId: number, part: "steps" | "tasks" | "objectives" | "indicators" | "reviews"): Promise<void>;
  /** Writes one item of a draft over, in its place; false when the plan no longer has it (another member removed it). */
  replaceItem(planId: number, item: PlanItem & { id: number }): Promise<boolean>;
  /** Removes one item of a draft; nothing if it is already gone. */
  removeItem(planId: number, part: PlanItem["part"], itemId: number): Promise<void>;
  setStatus(planId: number, status: PlanStatus, at: Date): Promise<void>;
  setTaskStatus(taskId: number, status: TaskStatus, at: Date): Promise<void>;
}

export interface JobRepository {
  /**
   * How long a claim holds, in the clock's time, unless renewed: a job claimed
   * longer ago and not sent becomes claimable again, so a worker that died
   * loses no reminder. A worker renews its claims well within this.
   */
  readonly leaseMs: number;
  /** Queues a job; with a dedupeKey already queued, does nothing and returns false. */
  schedule(input: { kind: string; groupId: number | null; personId: number | null; dueAt: Date; payload: Record<string, unknown>; dedupeKey: string | null }): Promise<boolean>;
  /**
   * Claims up to `limit` due jobs for this worker (pending ones, and claimed
   * ones whose lease lapsed); a job is claimed by one worker only. Claiming
   * is not trying: it counts no attempt, so a job claimed again and again by
   * workers that died before reaching it never moves towards "failed".
   */
  claimDue(now: Date, worker: string, limit: number): Promise<ScheduledJob[]>;
  /**
   * Called just before a claimed job's work starts: if the job is still this
   * worker's, counts one attempt, renews its lease and returns true; false
   * if another worker took it over (after a lapse) or it is no longer claimed.
   */
  beginAttempt(jobId: number, worker: string, now: Date): Promise<boolean>;
  /**
   * `beginAttempt` for a batch, in one statement: of these jobs, counts one
   * attempt and renews the lease on each still claimed by this worker, and
   * returns their ids (in the order given).
   */
  beginAttempts(jobIds: number[], worker: string, now: Date): Promise<number[]>;
  /** Renews the lease, from `now`, on those of these jobs this worker still holds; returns their ids (in the order given). */
  renewClaims(jobIds: number[], worker: string, now: Date): Promise<number[]>;
  /** Keeps the messages each of these claimed jobs became (by job id), before any is sent; one statement for them all. */
  saveOutboxes(outboxes: ReadonlyMap<number, unknown[]>): Promise<void>;
  /**
   * Marks these jobs sent, in one statement, and drops their saved outboxes:
   * once sent, the copies of their messages (names included) are not needed.
   */
  markSent(jobIds: number[], at: Date): Promise<void>;
  /** The group's jobs of these kinds still waiting to be sent (pending, or claimed and not sent), oldest due first. */
  waiting(groupId: number, kinds: readonly string[]): Promise<ScheduledJob[]>;
  /**
   * Marks these jobs cancelled, if they have not been sent: their reason is
   * gone. A worker holding one finds it no longer claimed and leaves it.
   * Returns how many were cancelled.
   */
  cancel(jobIds: number[]): Promise<number>;
  pendingCount(): Promise<number>;
}

export interface ConversationState {
  flow: string;
  state: Record<string, unknown>;
}

export interface ConversationRepository {
  get(key: string): Promise<ConversationState | null>;
  save(key: string, conversation: ConversationState, at: Date): Promise<void>;
  clear(key: string): Promise<void>;
}

/**
 * Where the message asking a question was sent (see `Outbound.question`),
 * kept in the store so that another process, or this one after a restart,
 * can still edit it or take its buttons away once it is answered.
 */
export interface SentQuestionRepository {
  /**
   * Keeps where the message asking `question` went. Remembering the same
   * question again (a ballot drawn anew) replaces the earlier place. Only
   * the day of `at` (UTC) is kept, for pruning.
   */
  remember(question: string, ref: SentRef, at: Date): Promise<void>;
  /** Where the question was sent, leaving it kept (an edit in place that keeps the question open). */
  find(question: string): Promise<SentRef | null>;
  /**
   * Where the question was sent, and forgets it: the question is answered
   * and its buttons go once. Of two processes taking it at once, one gets
   * it and the other null.
   */
  take(question: string): Promise<SentRef | null>;
  /** Forgets the places of questions sent on days before `before`'s; returns how many. */
  forgetBefore(before: Date): Promise<number>;
}

export interface UpdateLog {
  /**
   * Records an inbound update; false if it was recorded before (a
   * redelivery). The time kept is the hour, enough to delete the record once
   * platforms no longer redeliver, too coarse to time a private message.
   */
  markProcessed(platform: string, updateId: string, at: Date): Promise<boolean>;
  /** Deletes the records of updates handled before `before`; returns how many. */
  forgetBefore(before: Date): Promise<number>;
}

export interface AuditLog {
  /** Records who changed what. Never pass the author of an anonymous concern. */
  record(entry: { at: Date; actorId: number | null; groupId: number | null; action: string; entity: string; entityId: number | null; details?: Record<string, unknown> }): Promise<void>;
}

export interface PrivacyRepository {
  /** Everything stored about the person, in every table. */
  about(personId: number): Promise<PersonalData>;
  /** Erases the person's personal data everywhere; what they contributed stays, anonymous. */
  forget(personId: number, at: Date): Promise<void>;
  /** Deletes or anonymises what is older than `before`; returns how many rows of each kind. */
  expire(before: Date): Promise<Record<string, number>>;
}

/**
 * Order among processes. A lane is a chat or a person
 * (`<platform>:chat:<id>`, `<platform>:person:<id>`).
 */
export interface Lanes {
  /**
   * Before the message's transaction: waits until every update of a lower
   * platform `order` (Telegram's update id) already received on these lanes
   * by another process has been handled, and announces this one to those
   * that come later. Returns what withdraws the announcement, to be called
   * once the transaction has ended. Where one process owns the store
   * (SQLite), or without an order, returns at once.
   */
  queue(lanes: readonly string[], order: number | null): Promise<() => Promise<void>>;
  /**
   * First inside the message's transaction: alone on each of its lanes until
   * the transaction ends. Where one process owns the store, returns at once.
   */
  enter(lanes: readonly string[]): Promise<void>;
}

/** Everything the flows use, so that one inbound message runs in one transaction. */
export interface Store {
  lanes: Lanes;
  people: PeopleRepository;
  programmes: ProgrammeRepository;
  invitations: InvitationRepository;
  groups: GroupRepository;
  memberships: MembershipRepository;
  cycles: CycleRepository;
  siteChecks: SiteCheckRepository;
  assessments: AssessmentRepository;
  stakeholders: StakeholderRepository;
  concerns: ConcernRepository;
  votes: VoteRepository;
  priorities: PriorityRepository;
  plans: PlanRepository;
  monitoring: MonitoringRepository;
  jobs: JobRepository;
  conversations: ConversationRepository;
  sentQuestions: SentQuestionRepository;
  updates: UpdateLog;
  audit: AuditLog;
  privacy: PrivacyRepository;
  /** Runs `work` in one database transaction: all of its writes land, or none do. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
  /**
   * Leaves no earlier version of deleted rows readable where the database
   * can help it: SQLite (with `secure_delete` on) writes its log back into
   * the file and empties it. Called after something was stored that must not
   * be joined to a person (an anonymous concern). Outside a transaction.
   */
  forgetTraces(): Promise<void>;
}

/**
 * Where the bot reports what went wrong. Entries carry ids, kinds and error
 * names, never what a person wrote: logs are read by people who must not see
 * who reported what.
 */
export interface Logger {
  error(event: string, details: Record<string, string | number | null>): void;
}

/** The time, injected so that tests and the terminal's /wait can move it. */
export interface Clock {
  now(): Date;
}
