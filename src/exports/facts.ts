/**
 * Numbers the exports show that the report does not hold ready-made: tasks
 * counted by status, and where each indicator stands now.
 */
import type { ReportIndicator, ReportPlan, ReportTask } from "../domain/report.ts";
import type { TaskStatus } from "../domain/types.ts";

/** In the order a reader follows work: what is left, what is under way, what is finished, what was given up. */
export const TASK_STATUSES: readonly TaskStatus[] = ["open", "doing", "done", "dropped"];

export function tasksByStatus(tasks: readonly ReportTask[]): Record<TaskStatus, number> {
  const counts: Record<TaskStatus, number> = { open: 0, doing: 0, done: 0, dropped: 0 };
  for (const task of tasks) counts[task.status] += 1;
  return counts;
}

export function overdueTasks(plan: ReportPlan): ReportTask[] {
  return plan.tasks.filter((task) => task.overdue);
}

/** The most recent reading, or null before the first one (readings are kept oldest first). */
export function latestReading(indicator: ReportIndicator): number | null {
  return indicator.readings.at(-1)?.value ?? null;
}

