/**
 * When an action plan is complete enough to put to the group.
 *
 * The minimum comes from community security practice: a clear statement of
 * the problem, the agreed steps (each a quick fix or a long-term effort),
 * tasks each allocated to a named member, objectives, indicators of progress
 * (with a baseline and a target where there is a number), and regular review
 * dates.
 */
import type { Plan } from "./types.ts";

export type PlanGap =
  | { part: "problem" }
  | { part: "steps" }
  | { part: "tasks" }
  | { part: "task-owner"; task: string }
  | { part: "objectives" }
  | { part: "indicators" }
  | { part: "indicator-numbers"; indicator: string }
  | { part: "reviews" };

/** Everything the plan still lacks, in the order the plan is written; empty when complete. */
export function planGaps(plan: Pick<Plan, "problem" | "steps" | "tasks" | "objectives" | "indicators" | "reviews">): PlanGap[] {
  const gaps: PlanGap[] = [];
  if (!plan.problem || plan.problem.trim() === "") gaps.push({ part: "problem" });
  if (plan.steps.length === 0) gaps.push({ part: "steps" });
  if (plan.tasks.length === 0) gaps.push({ part: "tasks" });
  for (const task of plan.tasks) {
    if (task.ownerId === null) gaps.push({ part: "task-owner", task: task.title });
  }
  if (plan.objectives.length === 0) gaps.push({ part: "objectives" });
  if (plan.indicators.length === 0) gaps.push({ part: "indicators" });
  for (const indicator of plan.indicators) {
    // A number without the other cannot show progress: both, or neither for a descriptive indicator.
    if ((indicator.baseline === null) !== (indicator.target === null)) {
      gaps.push({ part: "indicator-numbers", indicator: indicator.name });
    }
  }
  if (plan.reviews.length === 0) gaps.push({ part: "reviews" });
  return gaps;
}

export function isComplete(plan: Parameters<typeof planGaps>[0]): boolean {
  return planGaps(plan).length === 0;
}
