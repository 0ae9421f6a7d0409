/**
 * When reminders are due (SPEC §5): the group's reviews, the owners' tasks,
 * the group's quiet hours and the "one nudge per task per day" rule.
 *
 * Everything is computed in the group's IANA time zone with luxon, so
 * half-hour and 45-minute offsets (Yangon +06:30, Kathmandu +05:45) and
 * daylight saving time come out right: "09:00" always means 09:00 on the wall
 * clock of the group, even on a day that is 23 or 25 hours long.
 *
 * Pure: no clock is read here; the current time is always a parameter. A time
 * zone luxon does not know is a bug in the caller (setup validates it), so it
 * throws instead of returning a result.
 */
import { DateTime } from "luxon";
import type { PlanStatus, Review, TaskStatus } from "./types.ts";

/**
 * Quiet hours as minutes after local midnight, the shape a `Group` already
 * has, so a group can be passed as it is.
 *
 * The quiet window is `[quietStart, quietEnd)`: the minute `quietStart` is
 * quiet, the minute `quietEnd` is not, so the window's end is the first time a
 * reminder may be sent. When `quietStart > quietEnd` the window wraps
 * midnight (21:00–07:00); when they are equal there are no quiet hours.
 */
export interface QuietHours {
  quietStart: number;
  quietEnd: number;
}

/** The default quiet hours, 21:00–07:00. */
export const DEFAULT_QUIET_HOURS: QuietHours = { quietStart: 21 * 60, quietEnd: 7 * 60 };

/** Reviews are announced to the group; task reminders go privately to the owner. */
export type ReviewReminderKind = "review-soon" | "review-today";
export type TaskReminderKind = "task-due-soon" | "task-overdue";
export type ReminderKind = ReviewReminderKind | TaskReminderKind;

/**
 * A reminder to queue.
 *
 * `at` is when to send it. `staleAt` is when a reminder that missed `at` stops
 * being worth sending: {@link upcoming} sends a late reminder now if `now` is
 * before `staleAt`, and drops it otherwise. For most kinds `staleAt` equals
 * `at` (late means dropped); only "review-today" has a grace period.
 */
export interface Reminder<K extends ReminderKind = ReminderKind> {
  kind: K;
  at: Date;
  staleAt: Date;
}

/** Local wall-clock times of the reminders. */
const REVIEW_SOON_DAYS_BEFORE = 2;
const REVIEW_SOON_TIME = { hour: 9, minute: 0 };
const REVIEW_TODAY_TIME = { hour: 8, minute: 0 };
const TASK_TIME = { hour: 9, minute: 0 };

const MINUTES_PER_DAY = 24 * 60;

/**
 * Reminders for a review held on a local calendar day: "review-soon" at 09:00
 * two days before, and "review-today" at 08:00 on the day, each moved out of
 * quiet hours. `review` may be any instant of that day (normally its start in
 * the group's zone); only its local date counts.
 *
 * "review-today" stays worth sending for the rest of its day, until the
 * evening's quiet hours begin, so a review added for today still gets its
 * morning message (see {@link upcoming}). Limit: with quiet hours inside the
 * day (a 13:00–15:00 siesta) the grace ends when they begin, since a late
 * message is sent at once and must not land in them. "review-soon" does not: a review
 * added a day ahead has just been announced, and a late "in two days" would be
 * wrong.
 *
 * @example
 * // A review on 10 March in Yangon (+06:30): "today" at 08:00 local.
 * reviewReminders(new Date("2025-03-09T17:30:00Z"), "Asia/Yangon", DEFAULT_QUIET_HOURS)
 * // → [{ kind: "review-soon", at: 2025-03-08T02:30Z, ... },
 * //    { kind: "review-today", at: 2025-03-10T01:30Z, ... }]
 */
export function reviewReminders(review: Date, timeZone: string, quiet: QuietHours): [Reminder<"review-soon">, Reminder<"review-today">] {
  const day = localDay(review, timeZone);
  const soon = outsideQuiet(day.minus({ days: REVIEW_SOON_DAYS_BEFORE }).set(REVIEW_SOON_TIME), quiet);
  const today = outsideQuiet(day.set(REVIEW_TODAY_TIME), quiet);
  return [
    { kind: "review-soon", at: soon.toJSDate(), staleAt: soon.toJSDate() },
    { kind: "review-today", at: today.toJSDate(), staleAt: endOfUsefulDay(today, quiet).toJSDate() },
  ];
}

/**
 * Reminders for a task due on a local calendar day: "task-due-soon" at 09:00
 * the day before, and "task-overdue" at 09:00 the day after (the task was not
 * done by the end of its day; see {@link isOverdue}), each moved out of quiet
 * hours. `due` may be any instant of that day; only its local date counts.
 * Neither has a grace period: a late "due tomorrow" is wrong, and an owner
 * whose task is added already overdue can be nudged instead.
 *
 * The caller cancels the queued reminders when the task is done.
 */
export function taskReminders(due: Date, timeZone: string, quiet: QuietHours): [Reminder<"task-due-soon">, Reminder<"task-overdue">] {
  const day = localDay(due, timeZone);
  const soon = outsideQuiet(day.minus({ days: 1 }).set(TASK_TIME), quiet);
  const overdue = outsideQuiet(day.plus({ days: 1 }).set(TASK_TIME), quiet);
  return [
    { kind: "task-due-soon", at: soon.toJSDate(), staleAt: soon.toJSDate() },
    { kind: "task-overdue", at: overdue.toJSDate(), staleAt: overdue.toJSDate() },
  ];
}

/**
 * `at` if it falls outside the group's quiet hours, otherwise the end of the
 * quiet window it falls in (the next local `quietEnd`). An instant exactly at
 * `quietStart` is quiet; one exactly at `quietEnd` is not (see
 * {@link QuietHours}). Seconds count: 06:59:30 is still quiet when the window
 * ends at 07:00.
 *
 * Limit: if `quietEnd` falls in a daylight-saving gap (02:30 on the night the
 * clocks jump from 02:00 to 03:00), luxon moves it forward by the gap, to
 * 03:30.
 */
export function outsideQuietHours(at: Date, timeZone: string, quiet: QuietHours): Date {
  return outsideQuiet(local(at, timeZone), quiet).toJSDate();
}

/**
 * The group-local calendar day of an instant, as yyyy-MM-dd. A nudge is
 * allowed once per task per such day, so the day rolls over at the group's
 * midnight, not at UTC's.
 */
export function nudgeDay(at: Date, timeZone: string): string {
  return local(at, timeZone).toFormat("yyyy-MM-dd");
}

/**
 * Whether a task due on the local day of `due` is overdue at `now`: true from
 * the group's next local midnight on. The owner has the whole of the due day,
 * in the group's time zone, whatever the UTC date is then.
 */
export function isOverdue(due: Date, now: Date, timeZone: string): boolean {
  return due.getTime() < overdueBefore(now, timeZone);
}

/**
 * The start of `now`'s local day: a task due before it is overdue (its due
 * day is over), one due at or after it is not. The same rule as
 * {@link isOverdue}, for checking many tasks of one group at once.
 */
export function overdueBefore(now: Date, timeZone: string): number {
  return localDay(now, timeZone).toMillis();
}

/** Whether a task is still to be done: neither done nor dropped. */
export function isOpenTask(status: TaskStatus): boolean {
  return status !== "done" && status !== "dropped";
}

/** Whether a task is late: still to be done, and its due day over in the group's time zone. */
export function isLate(task: { status: TaskStatus; dueAt: Date | null }, now: Date, timeZone: string): boolean {
  return isOpenTask(task.status) && task.dueAt !== null && isOverdue(task.dueAt, now, timeZone);
}

/**
 * What a plan's reminders depend on: its state, whether it has been
 * evaluated, and whether it belongs to the group's current cycle.
 */
export interface RemindingPlan {
  status: PlanStatus;
  evaluated: boolean;
  inCurrentCycle: boolean;
}

/**
 * Whether a plan still has reasons to remind anyone (of its reviews or its
 * tasks): only while it is approved, not yet evaluated, and in the group's
 * current cycle. An evaluated plan is finished; a plan of a past cycle can
 * no longer be reviewed, and its tasks can no longer be marked done.
 */
export function planStillReminds(plan: RemindingPlan): boolean {
  return plan.status === "approved" && !plan.evaluated && plan.inCurrentCycle;
}

/**
 * The one rule for whether a queued review reminder still applies: its plan
 * still reminds (see {@link planStillReminds}), and the review it was queued
 * for is still to be held on the same day (`day`, the review's date when
 * the reminder was queued). A review held, replaced or moved sends nothing.
 */
export function reviewReminderApplies(day: unknown, review: Pick<Review, "scheduledFor" | "heldAt"> | null, plan: RemindingPlan | null): boolean {
  return plan !== null && planStillReminds(plan) && review !== null && review.heldAt === null && review.scheduledFor.toISOString() === day;
}

/**
 * The one rule for whether a queued task reminder or nudge still applies:
 * its plan still reminds, the task is still to be done, the person it was
 * queued for still owns it and is still in the group, and (for a reminder
 * queued for a due date, `due`) the date has not changed since. A nudge has
 * no `due`: it applies to the task as it is.
 */
export function taskReminderApplies(
  queued: { personId: number | null; due: unknown },
  task: { status: TaskStatus; dueAt: Date | null; ownerId: number | null } | null,
  plan: RemindingPlan | null,
  ownerInGroup: boolean,
): boolean {
  if (task === null || plan === null || !planStillReminds(plan) || !isOpenTask(task.status)) return false;
  if (queued.personId === null || task.ownerId !== queued.personId || !ownerInGroup) return false;
  return typeof queued.due !== "string" || task.dueAt?.toISOString() === queued.due;
}

/**
 * The plan's reviews still to be held that a new date set at a review
 * replaces: the date answers "when is the next review?", so it takes the
 * place of the plan's next planned review (the first one still to come at
 * `now`: the one this meeting was held instead of, if it was held early)
 * and of every review still to be held on or before the new date (including
 * ones whose day passed without a meeting). Reviews planned after both stay.
 * Returns their ids.
 *
 * @example
 * // Planned on 10 December; held early on 5 December, next set to 9 December:
 * // the 10th is replaced, so the group is not reminded on two days running.
 */
export function reviewsReplacedBy(next: Date, pending: readonly Pick<Review, "id" | "scheduledFor" | "heldAt">[], now: Date): number[] {
  const waiting = pending.filter((review) => review.heldAt === null);
  const comingNext = waiting.filter((review) => review.scheduledFor.getTime() >= now.getTime()).sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime())[0];
  return waiting.filter((review) => review === comingNext || review.scheduledFor.getTime() <= next.getTime()).map((review) => review.id);
}

/**
 * The reminders still worth queueing at `now`, for a review or task being
 * added or rescheduled.
 *
 * - `at` not yet passed (or exactly now): kept as it is.
 * - `at` passed, `now` before `staleAt`: sent now (`at` becomes `now`). Only
 *   "review-today" has such a grace period: a review added at 11:00 for the
 *   same day still gets its "review today" message at once, but not in the
 *   evening's quiet hours or after the day.
 * - otherwise dropped: a review added for tomorrow loses its "in two days"
 *   message, a task added for today loses its "due tomorrow" one.
 *
 * Order is kept. This decides at planning time; it is not a catch-up rule for
 * a worker that was down (queued jobs are sent late rather than lost).
 */
export function upcoming<K extends ReminderKind>(reminders: readonly Reminder<K>[], now: Date): Reminder<K>[] {
  const t = now.getTime();
  const kept: Reminder<K>[] = [];
  for (const reminder of reminders) {
    if (reminder.at.getTime() >= t) kept.push(reminder);
    else if (t < reminder.staleAt.getTime()) kept.push({ ...reminder, at: new Date(t) });
  }
  return kept;
}

/** `at` in the group's zone; an unknown zone or an invalid date is a bug. */
function local(at: Date, timeZone: string): DateTime {
  const dt = DateTime.fromJSDate(at, { zone: timeZone });
  if (!dt.isValid) {
    throw new Error(
      `Cannot place ${String(at)} in time zone "${timeZone}" (${dt.invalidExplanation ?? dt.invalidReason ?? "invalid"}): ` +
        `expected a valid Date and an IANA zone name such as "Asia/Yangon".`,
    );
  }
  return dt;
}

/** The start of the local calendar day containing `at`. */
function localDay(at: Date, timeZone: string): DateTime {
  return local(at, timeZone).startOf("day");
}

/** The local wall-clock time `minutes` after midnight on the day of `dt`. */
function atMinute(dt: DateTime, minutes: number): DateTime {
  return dt.startOf("day").set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
}

/** Minutes after local midnight, with seconds as a fraction, so 06:59:30 is before 07:00. */
function minuteOfDay(dt: DateTime): number {
  return dt.hour * 60 + dt.minute + (dt.second * 1000 + dt.millisecond) / 60_000;
}

function checkQuiet(quiet: QuietHours): void {
  for (const minutes of [quiet.quietStart, quiet.quietEnd]) {
    if (!Number.isInteger(minutes) || minutes < 0 || minutes >= MINUTES_PER_DAY) {
      throw new RangeError(`Quiet hours must be whole minutes after midnight, 0 to ${MINUTES_PER_DAY - 1}; got ${minutes}.`);
    }
  }
}

function outsideQuiet(dt: DateTime, quiet: QuietHours): DateTime {
  checkQuiet(quiet);
  const { quietStart: start, quietEnd: end } = quiet;
  if (start === end) return dt;
  const m = minuteOfDay(dt);
  if (start < end) return m >= start && m < end ? atMinute(dt, end) : dt;
  if (m >= start) return atMinute(dt.plus({ days: 1 }), end);
  if (m < end) return atMinute(dt, end);
  return dt;
}

/**
 * The end of the time a late "review-today" is still useful: the next local
 * quiet start after `dt` if it comes on the same day, else the next midnight.
 */
function endOfUsefulDay(dt: DateTime, quiet: QuietHours): DateTime {
  const midnight = dt.startOf("day").plus({ days: 1 });
  if (quiet.quietStart === quiet.quietEnd) return midnight;
  const quietStart = atMinute(dt, quiet.quietStart);
  return quietStart > dt && quietStart < midnight ? quietStart : midnight;
}
