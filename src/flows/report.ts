/**
 * Gathers a group's report (src/domain/report.ts) from the store: the one
 * source for the group summary, the coordinator's view and every export.
 */
import { DateTime } from "luxon";
import { planGaps } from "../domain/plans.ts";
import { isLate } from "../domain/reminders.ts";
import type { GroupReport, ReportPlan, ReportPriority } from "../domain/report.ts";
import type { Group } from "../domain/types.ts";
import type { Store } from "./ports.ts";
import { plainConcernLabel } from "./render.ts";
import { lastPrioritiesVote, measureOf } from "./results.ts";

/** The report of the group's current cycle, or of the cycle numbered `cycleNumber`, which must exist (see `store.cycles.history`). */
export async function buildReport(store: Store, group: Group, now: Date, cycleNumber?: number): Promise<GroupReport> {
  // One read: the current cycle is the last one (a set-up group always has one).
  const cycles = await store.cycles.history(group.id);
  const cycle = cycleNumber === undefined ? cycles.at(-1) : cycles.find((c) => c.number === cycleNumber);
  if (!cycle) throw new Error(`Group ${group.id} has no cycle ${cycleNumber ?? "yet"}`);
  // One query after another: a transaction's connection runs one at a time (pg 9 refuses overlapping ones).
  const programme = group.programmeId === null ? null : await store.programmes.get(group.programmeId);
  const members = await store.memberships.members(group.id);
  const priorities = await store.priorities.list(cycle.id);
  const plans = await store.plans.list(cycle.id);
  const lessons = (await store.monitoring.lessons(group.id)).filter((lesson) => lesson.cycleId === cycle.id);
  const last = await lastPrioritiesVote(store, group.id, cycle.id);
  const readings = await store.monitoring.readings(plans.flatMap((plan) => plan.indicators.map((i) => i.id)));
  const evaluations = await store.monitoring.evaluations(plans.map((plan) => plan.id));
  const reportPriorities: ReportPriority[] = priorities.map((p) => ({ rank: p.rank, concernNumber: p.concernNumber, text: p.text, measure: measureOf(last, p.concernId) }));
  // A review planned for today is still coming up until the group's day is over.
  const today = DateTime.fromJSDate(now, { zone: group.timeZone }).startOf("day").toMillis();
  const reportPlans: ReportPlan[] = plans.map((plan) => {
    const priority = priorities.find((p) => p.id === plan.priorityId);
    return {
      priority: priority ? plainConcernLabel(priority.concernNumber, priority.text) : "",
      problem: plan.problem,
      status: plan.status,
      gaps: planGaps(plan).length,
      steps: plan.steps.map((s) => ({ text: s.text, horizon: s.horizon })),
      objectives: plan.objectives.map((o) => o.text),
      tasks: plan.tasks.map((task) => ({
        title: task.title,
        ownerName: task.ownerName,
        dueAt: task.dueAt,
        status: task.status,
        horizon: task.horizon,
        overdue: plan.status === "approved" && isLate(task, now, group.timeZone),
        progress: task.progress === null ? null : { text: task.progress, at: task.progressAt },
      })),
      indicators: plan.indicators.map((i) => ({
        name: i.name,
        baseline: i.baseline,
        target: i.target,
        readings: readings.filter((r) => r.indicatorId === i.id).map((r) => ({ value: r.value, recordedAt: r.recordedAt })),
      })),
      // A finished cycle has no review coming up.
      nextReview: cycle.closedAt !== null ? null : plan.reviews.find((r) => r.heldAt === null && r.scheduledFor.getTime() >= today)?.scheduledFor ?? null,
      evaluations: evaluations.filter((e) => e.planId === plan.id).map((e) => ({ objectivesMet: e.objectivesMet, worked: e.worked, didNotWork: e.didNotWork, change: e.change })),
    };
  });
  return {
    groupName: group.name ?? group.chatId,
    place: group.place,
    programme: programme?.name ?? null,
    timeZone: group.timeZone,
    cycleNumber: cycle.number,
    cycleStartedAt: cycle.startedAt,
    cycleClosedAt: cycle.closedAt,
    step: cycle.step,
    at: now,
    members: members.length,
    priorities: reportPriorities,
    lastVote: last ? { options: last.vote.options.map((o) => o.label), result: last.result } : null,
    turnout: last?.turnout ?? null,
    plans: reportPlans,
    lessons: lessons.map((l) => l.text),
    lastActivityAt: group.lastActivityAt,
  };
}
