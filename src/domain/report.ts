/**
 * Everything a summary, an export or a brief says about one group, gathered
 * once from the store. Plain data, so the same report feeds a chat summary,
 * a CSV file, a Markdown file, a PDF brief and the charts.
 */
import type { Horizon, ObjectivesMet, PlanStatus, Step, TaskStatus } from "./types.ts";
import type { Measure, Turnout, VoteResult } from "./voting.ts";

export interface ReportPriority {
  rank: number;
  concernNumber: number;
  text: string;
  /** How the concern stood in the vote that chose it: points (dot) or first choices (ranked); null if that vote is not known. */
  measure: Measure | null;
}

/** The last closed priorities vote: its options' labels by position (1 first), and its result. */
export interface ReportVote {
  options: string[];
  result: VoteResult;
}

export interface ReportTask {
  title: string;
  ownerName: string | null;
  dueAt: Date | null;
  status: TaskStatus;
  horizon: Horizon;
  overdue: boolean;
  /** The owner's latest progress note and when it was written (unknown for a note older than its date). */
  progress: { text: string; at: Date | null } | null;
}

export interface ReportReading {
  value: number;
  recordedAt: Date;
}

export interface ReportIndicator {
  name: string;
  baseline: number | null;
  target: number | null;
  /** Oldest first. */
  readings: ReportReading[];
}

export interface ReportEvaluation {
  objectivesMet: ObjectivesMet;
  worked: string | null;
  didNotWork: string | null;
  change: string | null;
}

export interface ReportPlan {
  priority: string;
  problem: string | null;
  status: PlanStatus;
  /** How many parts the plan still lacks; 0 when complete. */
  gaps: number;
  steps: { text: string; horizon: Horizon }[];
  objectives: string[];
  tasks: ReportTask[];
  indicators: ReportIndicator[];
  nextReview: Date | null;
  evaluations: ReportEvaluation[];
}

export interface GroupReport {
  groupName: string;
  place: string | null;
  programme: string | null;
  timeZone: string;
  /** The cycle the report covers: its number within the group, when it began and, if it is over, when it ended. */
  cycleNumber: number;
  cycleStartedAt: Date;
  cycleClosedAt: Date | null;
  step: Step;
  /** When the report was made. */
  at: Date;
  members: number;
  priorities: ReportPriority[];
  /** The last closed priorities vote; null before the first. */
  lastVote: ReportVote | null;
  /** That vote's turnout, by the one rule of `electorate` (src/domain/voting.ts). */
  turnout: Turnout | null;
  plans: ReportPlan[];
  /** The lessons learned in this cycle. */
  lessons: string[];
  lastActivityAt: Date;
}
