/**
 * What the store holds that a person would miss if it changed: used to show
 * that a refused or wrong input leaves everything as it was. Conversation
 * state is left out: asking the same question again may rightly rewrite it.
 */
import type { Db } from "../../src/store/database.ts";

const TABLES = [
  "Programme",
  "Invitation",
  "Group",
  "Membership",
  "Cycle",
  "StepChange",
  "SiteCheck",
  "AssessmentAnswer",
  "Stakeholder",
  "Concern",
  "Vote",
  "VoteOption",
  "Ballot",
  "Priority",
  "ActionPlan",
  "PlanStep",
  "Task",
  "Objective",
  "Indicator",
  "ReviewMeeting",
  "ScheduledJob",
] as const;

/** Columns that record when something was last touched, not what it holds. */
const VOLATILE = new Set(["lastActivityAt", "updatedAt"]);

export async function snapshot(db: Db): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}" ORDER BY "id"`);
    result[table] = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !VOLATILE.has(column))));
  }
  return result;
}
