/**
 * Queuing reminders: when a plan is approved, when a review sets the next
 * date, when a task gets a new due date, and when a facilitator nudges. Every
 * reminder is a row with a dedupe key, so planning the same reminder twice
 * queues it once. Whether a queued reminder still applies is one rule
 * (domain/reminders.ts), read in two places: every flow that ends or moves
 * a reminder's reason (a task done or given a new date, a review held, a
 * plan evaluated, a new cycle, an owner leaving) cancels at once what no
 * longer applies ({@link stopStaleReminders}), and the sweep (jobs.ts)
 * checks again when one comes due, cancelling instead of sending.
 */
import {
  isOpenTask,
  nudgeDay,
  outsideQuietHours,
  reviewReminderApplies,
  reviewReminders,
  taskReminderApplies,
  taskReminders,
  upcoming,
  type Reminder,
  type RemindingPlan,
} from "../domain/reminders.ts";
import type { Group, Plan, ScheduledJob, Task } from "../domain/types.ts";
import type { Store } from "./ports.ts";

export const NUDGE_JOB = "nudge";

const REVIEW_KINDS = ["review-soon", "review-today"] as const;
const TASK_KINDS = ["task-due-soon", "task-overdue", NUDGE_JOB] as const;

/** The kinds of job that remind of a plan's review or task. */
export const REMINDER_KINDS: readonly string[] = [...REVIEW_KINDS, ...TASK_KINDS];

/**
 * What reminders depend on, read from the store at most once each while
 * one group's queued reminders are checked (a scan reads the cycle once,
 * each plan and its evaluations once, each owner's membership once).
 */
export class ReminderReasons {
  private cycle: Promise<number> | undefined;
  private readonly plans = new Map<number, Promise<Plan | null>>();
  private readonly reminding = new Map<number, Promise<RemindingPlan>>();
  private readonly inGroup = new Map<number, Promise<boolean>>();

  constructor(
    private readonly store: Store,
    private readonly group: Group,
  ) {}

  /** A plan of this group, or null. */
  plan(planId: number): Promise<Plan | null> {
    return cached(this.plans, planId, async () => {
      const plan = await this.store.plans.get(planId);
      return plan && plan.groupId === this.group.id ? plan : null;
    });
  }

  /** What a plan's reminders depend on, as the store holds it now. */
  remindingPlan(plan: Plan): Promise<RemindingPlan> {
    return cached(this.reminding, plan.id, async () => {
      this.cycle ??= this.store.cycles.current(this.group.id).then((cycle) => cycle.id);
      const evaluations = await this.store.monitoring.evaluations([plan.id]);
      return { status: plan.status, evaluated: evaluations.length > 0, inCurrentCycle: (await this.cycle) === plan.cycleId };
    });
  }

  /** Whether the person is in the group, having agreed to take part. */
  member(personId: number): Promise<boolean> {
    return cached(this.inGroup, personId, async () => {
      const membership = await this.store.memberships.get(this.group.id, personId);
      return membership !== null && membership.consentAt !== null && membership.leftAt === null;
    });
  }
}

function cached<T>(map: Map<number, Promise<T>>, key: number, read: () => Promise<T>): Promise<T> {
  let found = map.get(key);
  if (!found) map.set(key, (found = read()));
  return found;
}

/**
 * Whether a queued review or task reminder (or nudge) still applies now,
 * by the rule in domain/reminders.ts. A job of another kind always does.
 */
export async function reminderApplies(store: Store, group: Group, job: ScheduledJob, reasons = new ReminderReasons(store, group)): Promise<boolean> {
  if ((REVIEW_KINDS as readonly string[]).includes(job.kind)) {
    const plan = await reasons.plan(Number(job.payload["planId"]));
    if (!plan) return false;
    const review = plan.reviews.find((r) => r.id === job.payload["reviewId"]) ?? null;
    return reviewReminderApplies(job.payload["day"], review, await reasons.remindingPlan(plan));
  }
  if ((TASK_KINDS as readonly string[]).includes(job.kind)) {
    const task = await store.monitoring.task(Number(job.payload["taskId"]));
    const plan = task && task.groupId === group.id ? await reasons.plan(task.planId) : null;
    if (!task || !plan) return false;
    const inGroup = job.personId !== null && (await reasons.member(job.personId));
    return taskReminderApplies({ personId: job.personId, due: job.payload["due"] }, task, await reasons.remindingPlan(plan), inGroup);
  }
  return true;
}

/**
 * Cancels the group's queued reminders that no longer apply, so that nothing
 * stale is sent and none stays listed as to be sent. Every flow that ends or
 * moves a reminder's reason calls it after its change. Returns how many.
 */
export async function stopStaleReminders(store: Store, group: Group): Promise<number> {
  const reasons = new ReminderReasons(store, group);
  const stale: number[] = [];
  for (const job of await store.jobs.waiting(group.id, REMINDER_KINDS)) {
    if (!(await reminderApplies(store, group, job, reasons))) stale.push(job.id);
  }
  return store.jobs.cancel(stale);
}

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
