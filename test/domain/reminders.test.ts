import { describe, expect, it } from "vitest";
import {
  DEFAULT_QUIET_HOURS,
  isOverdue,
  nudgeDay,
  outsideQuietHours,
  planStillReminds,
  reviewReminderApplies,
  reviewReminders,
  reviewsReplacedBy,
  taskReminderApplies,
  taskReminders,
  upcoming,
  type QuietHours,
  type Reminder,
} from "../../src/domain/reminders.ts";

const YANGON = "Asia/Yangon"; // +06:30, no DST
const KATHMANDU = "Asia/Kathmandu"; // +05:45, no DST
const BELGRADE = "Europe/Belgrade"; // +01:00, +02:00 from the last Sunday of March to the last Sunday of October

const utc = (iso: string) => new Date(iso);
const hours = (start: string, end: string): QuietHours => ({ quietStart: minutes(start), quietEnd: minutes(end) });
function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
const NO_QUIET = hours("07:00", "07:00");

/** Kinds and send times only, as ISO strings in UTC, for readable assertions. */
const when = (reminders: readonly Reminder[]) => reminders.map((r) => ({ kind: r.kind, at: r.at.toISOString() }));

describe("reviewReminders", () => {
  it("reminds the group at 09:00 two days before and at 08:00 on the day, in a +06:30 zone", () => {
    // 10 March 2025 starts in Yangon at 17:30 UTC the day before.
    const reminders = reviewReminders(utc("2025-03-09T17:30:00Z"), YANGON, DEFAULT_QUIET_HOURS);
    expect(when(reminders)).toEqual([
      { kind: "review-soon", at: "2025-03-08T02:30:00.000Z" },
      { kind: "review-today", at: "2025-03-10T01:30:00.000Z" },
    ]);
  });

  it("counts only the local day of the instant it is given", () => {
    const startOfDay = reviewReminders(utc("2025-03-09T17:30:00Z"), YANGON, DEFAULT_QUIET_HOURS);
    const lateThatDay = reviewReminders(utc("2025-03-10T17:29:00Z"), YANGON, DEFAULT_QUIET_HOURS);
    expect(when(lateThatDay)).toEqual(when(startOfDay));
  });

  it("keeps 09:00 and 08:00 on the wall clock across the spring change to summer time", () => {
    // Belgrade moves from +01:00 to +02:00 on Sunday 30 March 2025.
    const reminders = reviewReminders(utc("2025-03-30T22:00:00Z"), BELGRADE, DEFAULT_QUIET_HOURS);
    expect(when(reminders)).toEqual([
      { kind: "review-soon", at: "2025-03-29T08:00:00.000Z" }, // 09:00 +01:00
      { kind: "review-today", at: "2025-03-31T06:00:00.000Z" }, // 08:00 +02:00
    ]);
  });

  it("moves a reminder that falls in quiet hours to their end", () => {
    const reminders = reviewReminders(utc("2025-03-09T17:30:00Z"), YANGON, hours("22:00", "10:00"));
    expect(when(reminders)).toEqual([
      { kind: "review-soon", at: "2025-03-08T03:30:00.000Z" }, // 10:00 +06:30
      { kind: "review-today", at: "2025-03-10T03:30:00.000Z" },
    ]);
  });

  it("keeps the morning message useful until the evening's quiet hours, and the two-day one not at all", () => {
    const [soon, today] = reviewReminders(utc("2025-03-09T17:30:00Z"), YANGON, DEFAULT_QUIET_HOURS);
    expect(soon.staleAt).toEqual(soon.at);
    expect(today.staleAt.toISOString()).toBe("2025-03-10T14:30:00.000Z"); // 21:00 +06:30
  });

  it("keeps the morning message useful until midnight when there are no quiet hours", () => {
    const [, today] = reviewReminders(utc("2025-03-09T17:30:00Z"), YANGON, NO_QUIET);
    expect(today.staleAt.toISOString()).toBe("2025-03-10T17:30:00.000Z");
  });
});

describe("taskReminders", () => {
  it("reminds the owner at 09:00 the day before and at 09:00 the day after, in a +05:45 zone", () => {
    // 10 March 2025 starts in Kathmandu at 18:15 UTC the day before.
    const reminders = taskReminders(utc("2025-03-09T18:15:00Z"), KATHMANDU, DEFAULT_QUIET_HOURS);
    expect(when(reminders)).toEqual([
      { kind: "task-due-soon", at: "2025-03-09T03:15:00.000Z" },
      { kind: "task-overdue", at: "2025-03-11T03:15:00.000Z" },
    ]);
  });

  it("keeps 09:00 on the wall clock on both sides of the spring change", () => {
    // Due Sunday 30 March: the day before is in winter time, the day after in summer time.
    const reminders = taskReminders(utc("2025-03-29T23:00:00Z"), BELGRADE, DEFAULT_QUIET_HOURS);
    expect(when(reminders)).toEqual([
      { kind: "task-due-soon", at: "2025-03-29T08:00:00.000Z" }, // 09:00 +01:00
      { kind: "task-overdue", at: "2025-03-31T07:00:00.000Z" }, // 09:00 +02:00
    ]);
  });

  it("keeps 09:00 on the wall clock on both sides of the autumn change", () => {
    // Due Sunday 26 October: Belgrade moves back from +02:00 to +01:00 that night.
    const reminders = taskReminders(utc("2025-10-25T22:00:00Z"), BELGRADE, DEFAULT_QUIET_HOURS);
    expect(when(reminders)).toEqual([
      { kind: "task-due-soon", at: "2025-10-25T07:00:00.000Z" }, // 09:00 +02:00
      { kind: "task-overdue", at: "2025-10-27T08:00:00.000Z" }, // 09:00 +01:00
    ]);
  });

  it("moves both reminders out of quiet hours that last past 09:00", () => {
    const reminders = taskReminders(utc("2025-03-09T18:15:00Z"), KATHMANDU, hours("22:00", "09:30"));
    expect(when(reminders)).toEqual([
      { kind: "task-due-soon", at: "2025-03-09T03:45:00.000Z" },
      { kind: "task-overdue", at: "2025-03-11T03:45:00.000Z" },
    ]);
  });

  it("has no grace period: a late task reminder is dropped", () => {
    for (const reminder of taskReminders(utc("2025-03-09T18:15:00Z"), KATHMANDU, DEFAULT_QUIET_HOURS)) {
      expect(reminder.staleAt).toEqual(reminder.at);
    }
  });
});

describe("outsideQuietHours", () => {
  describe("with quiet hours wrapping midnight (21:00–07:00 in Yangon)", () => {
    const quiet = DEFAULT_QUIET_HOURS;

    it("moves a late-evening instant to 07:00 the next morning", () => {
      // 22:00 on 10 March local.
      expect(outsideQuietHours(utc("2025-03-10T15:30:00Z"), YANGON, quiet)).toEqual(utc("2025-03-11T00:30:00Z"));
    });

    it("moves an early-morning instant to 07:00 the same morning", () => {
      // 03:00 on 11 March local is still 10 March in UTC.
      expect(outsideQuietHours(utc("2025-03-10T20:30:00Z"), YANGON, quiet)).toEqual(utc("2025-03-11T00:30:00Z"));
    });

    it("leaves a daytime instant as it is", () => {
      const noon = utc("2025-03-10T05:30:00Z");
      expect(outsideQuietHours(noon, YANGON, quiet)).toEqual(noon);
    });

    it("treats the minute quiet hours start as quiet", () => {
      // 21:00 local exactly.
      expect(outsideQuietHours(utc("2025-03-10T14:30:00Z"), YANGON, quiet)).toEqual(utc("2025-03-11T00:30:00Z"));
    });

    it("treats the minute quiet hours end as not quiet", () => {
      const sevenAm = utc("2025-03-11T00:30:00Z");
      expect(outsideQuietHours(sevenAm, YANGON, quiet)).toEqual(sevenAm);
    });

    it("counts seconds: half a minute before the end is still quiet", () => {
      expect(outsideQuietHours(utc("2025-03-11T00:29:30Z"), YANGON, quiet)).toEqual(utc("2025-03-11T00:30:00Z"));
    });
  });

  describe("with quiet hours inside one day (13:00–15:00 in Kathmandu)", () => {
    const quiet = hours("13:00", "15:00");

    it("moves an instant inside the window to its end the same day", () => {
      // 14:00 local.
      expect(outsideQuietHours(utc("2025-03-10T08:15:00Z"), KATHMANDU, quiet)).toEqual(utc("2025-03-10T09:15:00Z"));
    });

    it("treats the start as quiet and the end as not", () => {
      expect(outsideQuietHours(utc("2025-03-10T07:15:00Z"), KATHMANDU, quiet)).toEqual(utc("2025-03-10T09:15:00Z"));
      expect(outsideQuietHours(utc("2025-03-10T09:15:00Z"), KATHMANDU, quiet)).toEqual(utc("2025-03-10T09:15:00Z"));
    });

    it("leaves instants before and after the window, including late at night, as they are", () => {
      for (const iso of ["2025-03-10T07:14:00Z", "2025-03-10T09:16:00Z", "2025-03-10T17:00:00Z"]) {
        expect(outsideQuietHours(utc(iso), KATHMANDU, quiet)).toEqual(utc(iso));
      }
    });
  });

  it("leaves every instant alone when start and end are equal (no quiet hours)", () => {
    for (const iso of ["2025-03-10T20:30:00Z", "2025-03-11T00:30:00Z", "2025-03-10T14:30:00Z"]) {
      expect(outsideQuietHours(utc(iso), YANGON, NO_QUIET)).toEqual(utc(iso));
    }
  });

  it("ends quiet hours at the local time even when the night is an hour short", () => {
    // 01:00 on 30 March in Belgrade (+01:00); 07:00 that morning is already +02:00.
    expect(outsideQuietHours(utc("2025-03-30T00:00:00Z"), BELGRADE, DEFAULT_QUIET_HOURS)).toEqual(utc("2025-03-30T05:00:00Z"));
  });

  it("moves a quiet end that the clocks skip forward by the gap", () => {
    // 02:30 does not exist on 30 March in Belgrade; the window ends at 03:30 +02:00.
    expect(outsideQuietHours(utc("2025-03-30T00:00:00Z"), BELGRADE, hours("21:00", "02:30"))).toEqual(utc("2025-03-30T01:30:00Z"));
  });

  it("rejects quiet hours that are not minutes of a day, and unknown time zones, as bugs", () => {
    const noon = utc("2025-03-10T05:30:00Z");
    expect(() => outsideQuietHours(noon, YANGON, { quietStart: 1440, quietEnd: 420 })).toThrow(RangeError);
    expect(() => outsideQuietHours(noon, YANGON, { quietStart: 12.5, quietEnd: 420 })).toThrow(RangeError);
    expect(() => outsideQuietHours(noon, "Mars/Olympus_Mons", DEFAULT_QUIET_HOURS)).toThrow(/IANA zone name/);
  });
});

describe("nudgeDay", () => {
  it("rolls over at the group's midnight, not at UTC's", () => {
    // Kathmandu's 11 March begins at 18:15 UTC on 10 March.
    expect(nudgeDay(utc("2025-03-10T18:14:59Z"), KATHMANDU)).toBe("2025-03-10");
    expect(nudgeDay(utc("2025-03-10T18:15:00Z"), KATHMANDU)).toBe("2025-03-11");
    expect(nudgeDay(utc("2025-03-10T23:59:00Z"), KATHMANDU)).toBe("2025-03-11");
  });

  it("can lag behind the UTC date west of Greenwich", () => {
    expect(nudgeDay(utc("2025-03-10T02:00:00Z"), "America/Mexico_City")).toBe("2025-03-09");
  });
});

describe("isOverdue", () => {
  const dueTenthInKathmandu = utc("2025-03-09T18:15:00Z");

  it("is not overdue during the whole local due day, even after UTC's date has changed", () => {
    expect(isOverdue(dueTenthInKathmandu, utc("2025-03-10T00:00:00Z"), KATHMANDU)).toBe(false);
    expect(isOverdue(dueTenthInKathmandu, utc("2025-03-10T18:14:59.999Z"), KATHMANDU)).toBe(false);
  });

  it("is overdue from the group's next midnight (18:15 UTC in Kathmandu)", () => {
    expect(isOverdue(dueTenthInKathmandu, utc("2025-03-10T18:15:00Z"), KATHMANDU)).toBe(true);
    expect(isOverdue(dueTenthInKathmandu, utc("2025-03-11T00:00:00Z"), KATHMANDU)).toBe(true);
  });

  it("gives the owner all 25 hours of the day the clocks go back", () => {
    // Sunday 26 October in Belgrade runs from 22:00 UTC on the 25th to 23:00 UTC on the 26th.
    const due = utc("2025-10-25T22:00:00Z");
    expect(isOverdue(due, utc("2025-10-26T22:30:00Z"), BELGRADE)).toBe(false);
    expect(isOverdue(due, utc("2025-10-26T23:00:00Z"), BELGRADE)).toBe(true);
  });
});

describe("upcoming", () => {
  // A review on 10 March in Yangon: "soon" at 2025-03-08T02:30Z, "today" at 2025-03-10T01:30Z (08:00).
  const review = reviewReminders(utc("2025-03-09T17:30:00Z"), YANGON, DEFAULT_QUIET_HOURS);

  it("keeps every reminder when both are still ahead", () => {
    expect(upcoming(review, utc("2025-03-07T00:00:00Z"))).toEqual(review);
  });

  it("keeps a reminder due exactly now as it is", () => {
    expect(when(upcoming(review, utc("2025-03-08T02:30:00Z")))).toEqual(when(review));
  });

  it("drops the two-day reminder of a review added for tomorrow, and keeps the morning one", () => {
    // 12:00 on 9 March local.
    expect(when(upcoming(review, utc("2025-03-09T05:30:00Z")))).toEqual([{ kind: "review-today", at: "2025-03-10T01:30:00.000Z" }]);
  });

  it("sends the morning message at once for a review added later the same day", () => {
    // 11:00 on 10 March local.
    const now = utc("2025-03-10T04:30:00Z");
    expect(when(upcoming(review, now))).toEqual([{ kind: "review-today", at: now.toISOString() }]);
  });

  it("drops the morning message once the evening's quiet hours have begun", () => {
    // 21:00 and 22:00 on 10 March local.
    expect(upcoming(review, utc("2025-03-10T14:30:00Z"))).toEqual([]);
    expect(upcoming(review, utc("2025-03-10T15:30:00Z"))).toEqual([]);
  });

  it("drops everything for a review whose day is over", () => {
    expect(upcoming(review, utc("2025-03-11T02:00:00Z"))).toEqual([]);
  });

  it("drops the 'due tomorrow' reminder of a task added on its due day and keeps the overdue notice", () => {
    const task = taskReminders(utc("2025-03-09T18:15:00Z"), KATHMANDU, DEFAULT_QUIET_HOURS);
    expect(when(upcoming(task, utc("2025-03-10T06:00:00Z")))).toEqual([{ kind: "task-overdue", at: "2025-03-11T03:15:00.000Z" }]);
  });

  it("drops a late overdue notice rather than sending it at once", () => {
    const task = taskReminders(utc("2025-03-09T18:15:00Z"), KATHMANDU, DEFAULT_QUIET_HOURS);
    expect(upcoming(task, utc("2025-03-11T06:00:00Z"))).toEqual([]);
  });

  it("keeps the order it was given", () => {
    const task = taskReminders(utc("2025-03-09T18:15:00Z"), KATHMANDU, DEFAULT_QUIET_HOURS);
    const mixed = [...task, ...review];
    expect(upcoming(mixed, utc("2025-03-01T00:00:00Z")).map((r) => r.kind)).toEqual(["task-due-soon", "task-overdue", "review-soon", "review-today"]);
  });
});

describe("when a queued reminder still applies", () => {
  const live = { status: "approved" as const, evaluated: false, inCurrentCycle: true };

  it("a plan reminds only while approved, not evaluated, and in the current cycle", () => {
    expect(planStillReminds(live)).toBe(true);
    expect(planStillReminds({ ...live, evaluated: true })).toBe(false);
    expect(planStillReminds({ ...live, inCurrentCycle: false })).toBe(false);
    expect(planStillReminds({ ...live, status: "rejected" })).toBe(false);
    expect(planStillReminds({ ...live, status: "proposed" })).toBe(false);
  });

  it("a review reminder: the review still to be held on the day it was queued for", () => {
    const day = "2026-12-22T17:30:00.000Z";
    const review = { scheduledFor: utc(day), heldAt: null };
    expect(reviewReminderApplies(day, review, live)).toBe(true);
    expect(reviewReminderApplies(day, { ...review, heldAt: utc("2026-12-22T04:00:00Z") }, live)).toBe(false);
    expect(reviewReminderApplies(day, { ...review, scheduledFor: utc("2026-12-23T17:30:00Z") }, live)).toBe(false);
    expect(reviewReminderApplies(day, null, live)).toBe(false);
    expect(reviewReminderApplies(day, review, { ...live, evaluated: true })).toBe(false);
    expect(reviewReminderApplies(day, review, null)).toBe(false);
  });

  it("a task reminder: open, same owner still in the group, same due date; a nudge has no date to compare", () => {
    const due = "2026-11-29T17:30:00.000Z";
    const task = { status: "open" as const, dueAt: utc(due), ownerId: 7 };
    const queued = { personId: 7, due };
    expect(taskReminderApplies(queued, task, live, true)).toBe(true);
    expect(taskReminderApplies(queued, { ...task, status: "doing" }, live, true)).toBe(true);
    expect(taskReminderApplies(queued, { ...task, status: "done" }, live, true)).toBe(false);
    expect(taskReminderApplies(queued, { ...task, status: "dropped" }, live, true)).toBe(false);
    expect(taskReminderApplies(queued, { ...task, dueAt: utc("2026-12-04T17:30:00Z") }, live, true)).toBe(false);
    expect(taskReminderApplies(queued, { ...task, ownerId: 8 }, live, true)).toBe(false);
    expect(taskReminderApplies(queued, { ...task, ownerId: null }, live, true)).toBe(false);
    expect(taskReminderApplies(queued, task, live, false)).toBe(false);
    expect(taskReminderApplies(queued, task, { ...live, inCurrentCycle: false }, true)).toBe(false);
    expect(taskReminderApplies({ personId: 7, due: undefined }, { ...task, dueAt: utc("2026-12-04T17:30:00Z") }, live, true)).toBe(true);
    expect(taskReminderApplies(queued, null, live, true)).toBe(false);
  });
});

describe("the next review date set at a review", () => {
  const review = (id: number, day: string, heldAt: string | null = null) => ({ id, scheduledFor: utc(day), heldAt: heldAt === null ? null : utc(heldAt) });
  const now = utc("2026-11-25T03:00:00Z");

  it("held early: replaces the planned next review, even one after the new date, so no two come on consecutive days", () => {
    expect(reviewsReplacedBy(utc("2026-12-21T17:30:00Z"), [review(1, "2026-12-22T17:30:00Z")], now)).toEqual([1]);
  });

  it("replaces every review still to be held up to the new date, including the same day and a missed one; later ones stay", () => {
    const pending = [review(1, "2026-11-20T17:30:00Z"), review(2, "2026-12-01T17:30:00Z"), review(3, "2026-12-10T17:30:00Z"), review(4, "2027-01-30T17:30:00Z")];
    expect(reviewsReplacedBy(utc("2026-12-10T17:30:00Z"), pending, now)).toEqual([1, 2, 3]);
  });

  it("never touches a review already held", () => {
    expect(reviewsReplacedBy(utc("2026-12-21T17:30:00Z"), [review(1, "2026-11-24T17:30:00Z", "2026-11-25T03:00:00Z"), review(2, "2027-02-01T17:30:00Z")], now)).toEqual([2]);
  });
});
