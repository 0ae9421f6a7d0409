/**
 * Everything Baraza stores about one person, as `mydata` shows it to them
 * (SPEC §8), and the rules for leaving their contributions anonymous when
 * they ask to be forgotten or their data grows older than the retention
 * period. src/store/repositories/privacy.ts fills and applies these.
 *
 * Groups and programmes are named as people know them (the group's name),
 * never by platform ids. Anonymous concerns are absent on purpose: the store
 * keeps no link between them and their author, so they cannot be found.
 */
import type { ConcernStatus, GroupRole, ObjectivesMet, PlanStatus, StakeholderStance, Step, TaskStatus, VoteMethod, VotePurpose } from "./types.ts";

/**
 * What stands for a forgotten person's name wherever a stored text showed it
 * (a choice in someone else's conversation, a message waiting to be sent):
 * a mark, not a word, so it reads the same in every language. The person
 * themselves is deleted; no row keeps this as a name.
 */
export const FORGOTTEN_NAME = "—";

/** How long data is kept when the setting does not say otherwise: about one cycle of the working group. */
export const DEFAULT_RETENTION_DAYS = 365;

/** The moment before which data has outlived a retention period of `days` days. */
export function retentionCutoff(now: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 1) throw new Error(`The retention period must be a whole number of days, at least 1 (got ${days})`);
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}

/** A group as the person knows it: its name, or null before setup named it. */
export type GroupName = string | null;

/** A group an entry is about: how the person knows it, and the time zone its dates are read in. */
export interface GroupRef {
  name: GroupName;
  timeZone: string;
}

export interface Profile {
  displayName: string;
  platform: string;
  /** The person's id on that platform: how the bot recognises them. */
  platformUserId: string;
  /**
   * Other ids the same platform knows them by, which the bot takes as
   * theirs (WhatsApp: one id in groups, another in private chats).
   */
  otherIds: string[];
  locale: string | null;
  selfDescription: string[] | null;
  /** When the bot first wrote to them in private (the message that says what a bot chat does not protect). */
  privacyNoticeAt: Date | null;
  /** When the bot first heard from them. */
  firstSeenAt: Date;
}

export interface MembershipData {
  group: GroupRef;
  role: GroupRole;
  joinedAt: Date;
  /** When they agreed to take part; null while a facilitator's place awaits their consent. */
  consentAt: Date | null;
  leftAt: Date | null;
}

export interface CoordinatorData {
  programme: string;
  since: Date;
}

export interface InvitationData {
  programme: string;
  role: "coordinator" | "facilitator";
  /** "created": a code they made for someone else; "used": the code that gave them their role. */
  how: "created" | "used";
  at: Date;
}

export interface ConcernData {
  group: GroupRef;
  number: number;
  text: string;
  status: ConcernStatus;
  raisedAt: Date;
}

export interface BallotChoice {
  /** The option's number on the ballot. */
  position: number;
  /** What the option said when they voted: a concern, or "yes" / "no" for an approval vote. */
  label: string;
}

export interface BallotData {
  group: GroupRef;
  purpose: VotePurpose;
  method: VoteMethod;
  openedAt: Date;
  closedAt: Date | null;
  /** One entry per point (dot), in order of preference (ranked), or one (approval). */
  choices: BallotChoice[];
  castAt: Date;
}

export interface AnswerData {
  group: GroupRef;
  cycle: number;
  /** The question's key (see ASSESSMENT_QUESTIONS). */
  question: string;
  answer: string;
  at: Date;
}

export interface StakeholderData {
  group: GroupRef;
  name: string;
  stance: StakeholderStance;
  at: Date;
}

export interface TaskData {
  group: GroupRef;
  title: string;
  status: TaskStatus;
  dueAt: Date | null;
  progress: string | null;
}

export interface PlanData {
  group: GroupRef;
  /** The number of the concern the plan is for. */
  concern: number;
  status: PlanStatus;
  at: Date;
}

export interface ReadingData {
  group: GroupRef;
  indicator: string;
  value: number;
  note: string | null;
  at: Date;
}

export interface EvaluationData {
  group: GroupRef;
  objectivesMet: ObjectivesMet;
  worked: string | null;
  didNotWork: string | null;
  change: string | null;
  at: Date;
}

export interface LessonData {
  group: GroupRef;
  text: string;
  at: Date;
}

export interface VoteOpenedData {
  group: GroupRef;
  purpose: VotePurpose;
  at: Date;
}

export interface StepChangeData {
  group: GroupRef;
  from: Step;
  to: Step;
  at: Date;
}

export interface AuditData {
  /** Null for what concerns no group (a programme, an invitation). */
  group: GroupRef | null;
  /** What happened, as the audit log names it ("vote.opened"). */
  action: string;
  at: Date;
}

export interface ConversationData {
  /** The conversation's name ("plan", "assess"). */
  flow: string;
  updatedAt: Date;
}

export interface ScheduledMessageData {
  /** What the message is, as the job names it ("task-due-soon"). */
  kind: string;
  /** The group it is about, if any. */
  group: GroupRef | null;
  dueAt: Date;
  /** When it was sent; null while it waits. */
  sentAt: Date | null;
  status: string;
}

/** Everything stored about one person, table by table. */
export interface PersonalData {
  profile: Profile;
  memberships: MembershipData[];
  coordinates: CoordinatorData[];
  invitations: InvitationData[];
  /** Concerns raised with their name; anonymous ones are not linked to them and cannot be listed. */
  concerns: ConcernData[];
  ballots: BallotData[];
  answers: AnswerData[];
  stakeholders: StakeholderData[];
  tasks: TaskData[];
  plans: PlanData[];
  readings: ReadingData[];
  evaluations: EvaluationData[];
  lessons: LessonData[];
  votesOpened: VoteOpenedData[];
  stepChanges: StepChangeData[];
  audit: AuditData[];
  conversations: ConversationData[];
  scheduled: ScheduledMessageData[];
}
