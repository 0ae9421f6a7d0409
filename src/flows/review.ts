/**
 * `review`: the facilitator leads a review meeting in the group. For one
 * approved plan it goes through each open task (done, still going, late with
 * a new date, or dropped), records what changed, and sets the next review
 * date, whose reminders are queued at once.
 */
import { parseChoice, parseFutureDate, parseText, showDate } from "./answers.ts";
import type { Command, Conversation } from "./command.ts";
import { approvedPlans } from "./plans.ts";
import { scheduleReview, scheduleTask, stopStaleReminders } from "./reminders.ts";
import { reviewsReplacedBy } from "../domain/reminders.ts";
import { choicesOf, lines, priorityLabel } from "./render.ts";
import type { Turn } from "./turn.ts";
import type { Plan, TaskStatus } from "../domain/types.ts";
import { planSubject } from "./results.ts";
import { relay } from "../domain/text.ts";

const FLOW = "review";
const TASK_OUTCOMES = ["done", "doing", "late", "dropped"] as const;

/** Asks about the next open task in the queue, or moves on to what changed. */
async function nextTask(turn: Turn, planId: number, queue: number[]): Promise<void> {
  const plan = await turn.store.plans.get(planId);
  const groupId = turn.group?.id ?? 0;
  const task = plan?.tasks.find((t) => t.id === queue[0]);
  if (!plan || !task) return turn.ask(FLOW, { step: "changes", groupId, planId, prompt: { key: "review.ask-changes" } });
  const choices = choicesOf(TASK_OUTCOMES.map((outcome) => turn.t(`review.outcome.${outcome}`)));
  const due = task.dueAt ? turn.t("plans.due", { date: showDate(task.dueAt, turn.group?.timeZone ?? "UTC") }) : "";
  await turn.ask(FLOW, {
    step: "task",
    groupId,
    planId,
    queue,
    prompt: { key: "review.ask-task", vars: { id: task.id, title: relay(task.title), owner: relay(task.ownerName ?? ""), due } },
    choices,
  });
}

export const review: Command = {
  name: "review",
  needsGroup: true,
  action: () => "review",
  async run(turn) {
    const group = turn.group;
    if (!group) return;
    const plans = await approvedPlans(turn);
    if (plans.length === 0) {
      turn.reply("review.no-plans");
      return;
    }
    if (plans.length === 1 && plans[0]) return start(turn, plans[0]);
    const priorities = await turn.store.priorities.list(turn.cycle?.id ?? -1);
    const choices = choicesOf(plans.map((plan) => priorityLabel(priorities.find((p) => p.id === plan.priorityId))));
    await turn.ask(FLOW, { step: "plan", groupId: group.id, planIds: plans.map((p) => p.id), prompt: { key: "review.ask-plan" }, choices });
  },
};

async function start(turn: Turn, plan: Plan): Promise<void> {
  turn.reply("review.intro", { plan: await planSubject(turn.store, plan) });
  await nextTask(turn, plan.id, plan.tasks.filter((t) => t.status === "open" || t.status === "doing").map((t) => t.id));
}

export const reviewConversation: Conversation = {
  name: FLOW,
  action: () => "review",
  async answer(turn, data, text) {
    const group = turn.group;
    if (!group) return turn.endConversation();
    const planId = Number(data["planId"]);
    const queue = Array.isArray(data["queue"]) ? data["queue"].filter((id): id is number => typeof id === "number") : [];
    switch (data.step) {
      case "plan": {
        const ids = Array.isArray(data["planIds"]) ? data["planIds"] : [];
        const choice = parseChoice(text, ids.length);
        if (choice.kind === "rejected") return turn.retry(data, choice.error);
        const plan = (await approvedPlans(turn)).find((p) => p.id === ids[choice.value - 1]);
        return plan ? start(turn, plan) : turn.endConversation();
      }
      case "task": {
        const choice = parseChoice(text, TASK_OUTCOMES.length);
        if (choice.kind === "rejected") return turn.retry(data, choice.error);
        const outcome = TASK_OUTCOMES[choice.value - 1] ?? "doing";
        const taskId = queue[0] ?? 0;
        if (outcome === "late") return turn.ask(FLOW, { step: "new-date", groupId: group.id, planId, queue, prompt: { key: "review.ask-new-date" } });
        const status: TaskStatus = outcome;
        await turn.store.monitoring.updateTask(taskId, { status }, turn.now);
        await stopStaleReminders(turn.store, group);
        return nextTask(turn, planId, queue.slice(1));
      }
      case "new-date": {
        const date = parseFutureDate(text, group.timeZone, turn.now);
        if (date.kind === "rejected") return turn.retry(data, date.error);
        const task = await turn.store.monitoring.task(queue[0] ?? 0);
        if (task) {
          await turn.store.monitoring.updateTask(task.id, { dueAt: date.value, status: "doing" }, turn.now);
          await scheduleTask(turn.store, group, { ...task, dueAt: date.value }, turn.now);
          await stopStaleReminders(turn.store, group);
        }
        return nextTask(turn, planId, queue.slice(1));
      }
      case "changes": {
        const answer = parseText(text);
        if (answer.kind === "rejected") return turn.retry(data, answer.error);
        return turn.ask(FLOW, { step: "next-review", groupId: group.id, planId, notes: answer.value.text, prompt: { key: "review.ask-next" } });
      }
      case "next-review": {
        const date = parseFutureDate(text, group.timeZone, turn.now);
        if (date.kind === "rejected") return turn.retry(data, date.error);
        return finish(turn, planId, String(data["notes"] ?? ""), date.value);
      }
    }
  },
};

async function finish(turn: Turn, planId: number, notes: string, next: Date): Promise<void> {
  const group = turn.group;
  if (!group) return;
  await turn.store.monitoring.holdReview({ planId, heldAt: turn.now, notes });
  // The date set here is the next review: it replaces the one planned next, and any before it.
  const before = await turn.store.plans.get(planId);
  await turn.store.plans.removeReviews(planId, reviewsReplacedBy(next, before?.reviews ?? [], turn.now));
  await turn.store.plans.addReview(planId, next);
  const plan = await turn.store.plans.get(planId);
  const planned = plan?.reviews.find((r) => r.heldAt === null && r.scheduledFor.getTime() === next.getTime());
  if (plan && planned) await scheduleReview(turn.store, group, plan.id, planned, turn.now);
  await stopStaleReminders(turn.store, group);
  await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "review.held", entity: "plan", entityId: planId });
  await turn.endConversation();
  const live = plan?.tasks.filter((t) => t.status !== "dropped") ?? [];
  turn.say(
    lines(
      turn.t("review.held"),
      turn.t("reminders.tasks-done", { done: live.filter((t) => t.status === "done").length, count: live.length }),
      turn.t("review.next", { date: showDate(next, group.timeZone) }),
    ),
  );
}
