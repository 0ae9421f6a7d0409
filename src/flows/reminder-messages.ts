/**
 * What a review or task reminder, or a nudge, says when its time comes, and
 * whether it still applies: a review held or moved, or a task done, dropped
 * or given a new date, sends nothing.
 */
import { isLate, isOpenTask } from "../domain/reminders.ts";
import type { Group, ScheduledJob, TaskInGroup } from "../domain/types.ts";
import { showDate } from "./answers.ts";
import type { Outbound } from "./messages.ts";
import type { Store } from "./ports.ts";
import { lines, priorityLabel } from "./render.ts";
import { groupDestination, localeOf, personDestination, type Deps } from "./turn.ts";
import { relay } from "../domain/text.ts";

/** A review reminder to the group (review-soon, review-today). */
export async function reviewMessage(deps: Deps, store: Store, group: Group, job: ScheduledJob, now: Date): Promise<Outbound[]> {
  const plan = await store.plans.get(Number(job.payload["planId"]));
  const review = plan?.reviews.find((r) => r.id === job.payload["reviewId"]);
  if (!plan || plan.status !== "approved" || !review || review.heldAt !== null || review.scheduledFor.toISOString() !== job.payload["day"]) return [];
  const priority = (await store.priorities.list(plan.cycleId)).find((p) => p.id === plan.priorityId);
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
  return [{ to: groupDestination(group), text }];
}

/** A task reminder or nudge to its owner (task-due-soon, task-overdue, nudge). */
export async function taskMessage(deps: Deps, store: Store, group: Group, job: ScheduledJob): Promise<Outbound[]> {
  const task = await store.monitoring.task(Number(job.payload["taskId"]));
  if (!task || !stillDue(task, job) || job.personId === null || task.ownerId !== job.personId) return [];
  const owner = await store.people.get(job.personId);
  if (!owner) return [];
  const locale = localeOf(owner, group, deps.settings);
  const text = deps.texts.t(locale, `reminders.${job.kind}`, { id: task.id, title: relay(task.title), date: task.dueAt ? showDate(task.dueAt, group.timeZone) : "" });
  return [{ to: personDestination(owner), text }];
}

/** A task reminder applies while the task is open and its date has not changed since the reminder was queued. */
function stillDue(task: TaskInGroup, job: ScheduledJob): boolean {
  if (!isOpenTask(task.status)) return false;
  const due = job.payload["due"];
  return typeof due !== "string" || task.dueAt?.toISOString() === due;
}
