/**
 * Queuing reminders: when a plan is approved, when a review sets the next
 * date, when a task gets a new due date, and when a facilitator nudges. Every
 * reminder is a row with a dedupe key, so planning the same reminder twice
 * queues it once; the sweep (jobs.ts) sends it and checks, at that moment,
 * that it still applies (the task not done, the review not moved).
 */
import { isOpenTask, nudgeDay, outsideQuietHours, reviewReminders, taskReminders, upcoming, type Reminder } from "../domain/reminders.ts";
import type { Group, Plan, Task } from "../domain/types.ts";
import type { Store } from "./ports.ts";

export const NUDGE_JOB = "nudge";

function quietOf(group: Group) {
  return { quietStart: group.quietStart, quietEnd: group.quietEnd };
}

async function queue(store: Store, group: Group, reminders: Reminder[], key: (reminder: Reminder) => string, target: { personId: number | null; payload: Record<string, unknown> }): Promise<void> {
  for (const reminder of reminders) {
    await store.jobs.schedule({ kind: reminder.kind, groupId: group.id, personId: target.personId, dueAt: reminder.at, payload: target.payload, dedupeKey: key(reminder) });
  }
}

/** The group's two reminders of a review: two days before and on the morning of the day. */
export async function scheduleReview(store: Store, group: Group, planId: number, review: { id: number; scheduledFor: Date }, now: Date): Promise<void> {
  const reminders = upcoming(reviewReminders(review.scheduledFor, group.timeZone, quietOf(group)), now);
  const payload = { planId, reviewId: review.id, day: review.scheduledFor.toISOString() };
  await queue(store, group, reminders, (r) => `${r.kind}:${review.id}:${review.scheduledFor.toISOString()}`, { personId: null, payload });
}

/** The owner's two private reminders of a task: the day before it is due, and the day after if it is not done. */
export async function scheduleTask(store: Store, group: Group, task: Pick<Task, "id" | "ownerId" | "dueAt">, now: Date): Promise<void> {
  if (task.dueAt === null || task.ownerId === null) return;
  const due = task.dueAt;
  const reminders = upcoming(taskReminders(due, group.timeZone, quietOf(group)), now);
  await queue(store, group, reminders, (r) => `${r.kind}:${task.id}:${due.toISOString()}`, { personId: task.ownerId, payload: { taskId: task.id, due: due.toISOString() } });
}

/** Everything an approved plan needs reminding of. */
export async function schedulePlan(store: Store, group: Group, plan: Plan, now: Date): Promise<void> {
  for (const review of plan.reviews.filter((r) => r.heldAt === null)) await scheduleReview(store, group, plan.id, review, now);
  for (const task of plan.tasks.filter((t) => isOpenTask(t.status))) await scheduleTask(store, group, task, now);
}

/**
 * Queues a polite private reminder to the task's owner, at most once per
 * task per day of the group's calendar, and not in its quiet hours. False if
 * the task was nudged already today.
 */
export function scheduleNudge(store: Store, group: Group, task: Pick<Task, "id" | "ownerId">, now: Date): Promise<boolean> {
  return store.jobs.schedule({
    kind: NUDGE_JOB,
    groupId: group.id,
    personId: task.ownerId,
    dueAt: outsideQuietHours(now, group.timeZone, quietOf(group)),
    payload: { taskId: task.id },
    dedupeKey: `${NUDGE_JOB}:${task.id}:${nudgeDay(now, group.timeZone)}`,
  });
}
