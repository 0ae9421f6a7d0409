/**
 * The nouns of Baraza, as the rules and the conversations see them.
 *
 * These are plain data: no database rows, no platform payloads. The store
 * converts its rows into these, and the flows render them into words.
 */

/** The five steps of the community security cycle, in order. */
export const STEPS = [1, 2, 3, 4, 5] as const;
export type Step = (typeof STEPS)[number];

/** A role someone holds where a command is used. "guest" has not joined the group. */
export type Role = "guest" | "member" | "facilitator" | "coordinator";

/** Where a message was written: the group's chat, or a private chat with the bot. */
export type ChatKind = "group" | "private";

/** A plan step's horizon: a quick fix (locks on doors) or a long-term effort (street lights). */
export type Horizon = "quick" | "long";

export interface Programme {
  id: number;
  name: string;
}

export interface Person {
  id: number;
  platform: string;
  platformUserId: string;
  displayName: string;
  locale: string | null;
  /** Self-description tags, only ever counted; null when the person gave none. */
  selfDescription: string[] | null;
  privacyNoticeAt: Date | null;
}

export interface Group {
  id: number;
  platform: string;
  chatId: string;
  programmeId: number | null;
  name: string | null;
  place: string | null;
  locale: string;
  timeZone: string;
  /** Quiet hours in the group's time zone, as minutes after midnight. */
  quietStart: number;
  quietEnd: number;
  dotPoints: number;
  setupAt: Date | null;
  /** When anyone last spoke to the bot about the group. */
  lastActivityAt: Date;
}

export type GroupRole = "member" | "facilitator";

export interface Membership {
  groupId: number;
  personId: number;
  role: GroupRole;
  consentAt: Date | null;
  leftAt: Date | null;
}

export interface Member {
  person: Person;
  role: GroupRole;
}

export interface Cycle {
  id: number;
  groupId: number;
  number: number;
  step: Step;
}

/** A cycle with when it began and, once the next one started, when it ended. */
export interface CycleSpan extends Cycle {
  startedAt: Date;
  closedAt: Date | null;
}

export type ConcernStatus = "open" | "merged" | "priority" | "closed";

export interface Concern {
  id: number;
  groupId: number;
  cycleId: number;
  /** The number people see and type, unique within the group. */
  number: number;
  text: string;
  /** Null for an anonymous concern: the store keeps no link to its author. */
  authorId: number | null;
  status: ConcernStatus;
  mergedIntoId: number | null;
  createdAt: Date;
  announcedAt: Date | null;
}

export type StakeholderStance = "supports" | "opposes" | "unsure";

export interface Stakeholder {
  id: number;
  cycleId: number;
  name: string;
  stance: StakeholderStance;
}

export type VotePurpose = "priorities" | "plan";
/** How ballots are cast and counted (see voting.ts). */
export type VoteMethod = "dot" | "ranked" | "approval";

export interface VoteOption {
  position: number;
  concernId: number | null;
  /** What the option says: the concern's text, or "yes" / "no" for an approval vote. */
  label: string;
}

export interface Vote {
  id: number;
  groupId: number;
  cycleId: number;
  purpose: VotePurpose;
  method: VoteMethod;
  points: number;
  planId: number | null;
  openedAt: Date;
  closesAt: Date | null;
  closedAt: Date | null;
  /** Who could vote, recorded when the vote closed (see `electorate` in voting.ts); null while open, and for votes closed before it was recorded. */
  electorate: number | null;
  options: VoteOption[];
}

export interface Ballot {
  /** Null once the voter was forgotten: a closed vote keeps the choices, not the person. */
  voterId: number | null;
  choices: number[];
}

export interface Priority {
  id: number;
  cycleId: number;
  concernId: number;
  concernNumber: number;
  text: string;
  rank: number;
}

export type PlanStatus = "draft" | "proposed" | "approved" | "rejected";

export interface PlanStep {
  id: number;
  text: string;
  horizon: Horizon;
}

export type TaskStatus = "open" | "doing" | "done" | "dropped";

export interface Task {
  id: number;
  planId: number;
  title: string;
  ownerId: number | null;
  ownerName: string | null;
  dueAt: Date | null;
  status: TaskStatus;
  horizon: Horizon;
  /** The owner's latest word on how the task is going, and when it was written. */
  progress: string | null;
  progressAt: Date | null;
}

export interface Objective {
  id: number;
  text: string;
}

export interface Indicator {
  id: number;
  name: string;
  baseline: number | null;
  target: number | null;
}

export interface Review {
  id: number;
  scheduledFor: Date;
  heldAt: Date | null;
}

export interface Plan {
  id: number;
  groupId: number;
  cycleId: number;
  priorityId: number;
  problem: string | null;
  status: PlanStatus;
  steps: PlanStep[];
  tasks: Task[];
  objectives: Objective[];
  indicators: Indicator[];
  reviews: Review[];
}

export interface ScheduledJob {
  id: number;
  kind: string;
  groupId: number | null;
  personId: number | null;
  dueAt: Date;
  payload: Record<string, unknown>;
  /** The messages the job became, saved before they are sent so a crash after that sends the same ones, not new ones. */
  outbox: unknown[] | null;
  /** How many times its work was started without its being sent: 0 for a job never tried. */
  attempts: number;
}

export interface Reading {
  indicatorId: number;
  value: number;
  recordedAt: Date;
}

export type ObjectivesMet = "met" | "partly" | "not";

export interface Evaluation {
  id: number;
  planId: number;
  objectivesMet: ObjectivesMet;
  worked: string | null;
  didNotWork: string | null;
  change: string | null;
  createdAt: Date;
}

export interface Lesson {
  id: number;
  groupId: number;
  cycleId: number;
  planId: number | null;
  text: string;
  createdAt: Date;
}

/** A task with where it belongs, for lists that cross plans. */
export interface TaskInGroup extends Task {
  groupId: number;
  cycleId: number;
}
