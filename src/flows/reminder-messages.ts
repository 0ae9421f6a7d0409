/**
 * What a review or task reminder, or a nudge, says when its time comes; null
 * when it no longer applies (the rule in domain/reminders.ts: a review held,
 * replaced or moved, a task done, dropped or given a new date, its owner
 * gone, its plan evaluated or of a past cycle), and the sweep cancels it.
 */
import { isLate } from "../domain/reminders.ts";
import type { Group, ScheduledJob } from "../domain/types.ts";
import { showDate } from "./answers.ts";
import type { Outbound } from "./messages.ts";
import type { BatchReads } from "./batch-reads.ts";
import { lines, priorityLabel } from "./render.ts";
import { groupDestination, localeOf, personDestination, type Deps } from "./turn.ts";
import { relay } from "../domain/text.ts";
import { reminderApplies } from "./reminders.ts";

/**
 * A review reminder to the group (review-soon, review-today). `reads`: the
 * sweep's batch, whose reminders of one group share what they read.
 */
export async function reviewMessage(deps: Deps, group: Group, job: ScheduledJob, now: Date, reads: BatchReads): Promise<Outbound[] | null> {
  const reasons = reads.reminderReasons(group);
  if (!(await reminderApplies(reads.store, group, job, reasons))) return null;
  const plan = await reasons.plan(Number(job.payload["planId"]));
  const review = plan?.reviews.find((r) => r.id === job.payload["reviewId"]);
  if (!plan || !review) return null;
  const priority = (await reads.store.priorities.list(plan.cycleId)).find((p) => p.id === plan.priorityId);
  const t = (key: string, vars?: Record<string, unknown>) => deps.texts.t(group.locale, key, vars);
  const live = plan.tasks.filter((task) => task.status !== "dropped");
  const late = live.filter((task) => isLate(task, now, group.timeZone));
  const text = lines(
    t(`reminders.${job.kind}`, { date: showDate(review.scheduledFor, group.timeZone), priority: priorityLabel(priority) }),
    t("reminders.tasks-done", { done: live.filter((task) => task.status === "done").length, count: live.length }),
    ...late.map((task) => `• ${t("reminders.late-task", { id: task.id, title: relay(task.title), date: showDate(task.dueAt ?? now, group.timeZone) })}`),
    "",
    t("reminders.review-how"),
  );
  return [{ to: groupDestination(group), text, locale: group.locale }];
}

/** A task reminder or nudge to its owner (task-due-soon, task-overdue, nudge). */
export async function taskMessage(deps: Deps, group: Group, job: ScheduledJob, reads: BatchReads): Promise<Outbound[] | null> {
  if (!(await reminderApplies(reads.store, group, job, reads.reminderReasons(group)))) return null;
  const task = await reads.store.monitoring.task(Number(job.payload["taskId"]));
  const owner = job.personId === null ? null : await reads.person(job.personId);
  if (!task || !owner) return null;
  const locale = localeOf(owner, group, deps.settings);
  const text = deps.texts.t(locale, `reminders.${job.kind}`, { id: task.id, title: relay(task.title), date: task.dueAt ? showDate(task.dueAt, group.timeZone) : "" });
  return [{ to: personDestination(owner), text, locale }];
}
