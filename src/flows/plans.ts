/**
 * `plans`: the cycle's action plans with their state and what each still
 * lacks; `plans 2` shows the plan for priority 2 in full. Earlier cycles'
 * plans are in their exports (`export 1`).
 */
import { planGaps, type PlanGap } from "../domain/plans.ts";
import { parsePositiveInt, quote, relay } from "../domain/text.ts";
import type { Plan, Priority, Task } from "../domain/types.ts";
import { showDate } from "./answers.ts";
import type { Command } from "./command.ts";
import { lines, ownerWords, priorityLabel } from "./render.ts";
import type { Texts } from "./texts.ts";
import type { Turn } from "./turn.ts";

/** The cycle's plans the group approved: the ones being carried out, reviewed and evaluated. */
export async function approvedPlans(turn: Turn): Promise<Plan[]> {
  return turn.cycle ? (await turn.store.plans.list(turn.cycle.id)).filter((plan) => plan.status === "approved") : [];
}

/** A task's latest progress note with its date, indented under the task; null when its owner has written none. */
export function progressLine(texts: Texts, locale: string, task: Pick<Task, "progress" | "progressAt">, timeZone: string): string | null {
  if (task.progress === null) return null;
  const note = quote(task.progress);
  return `    ${task.progressAt ? texts.t(locale, "tasks.progress-line", { note, date: showDate(task.progressAt, timeZone) }) : texts.t(locale, "tasks.progress-line-undated", { note })}`;
}

/** The items of one of a plan's lists, each as the plan shows it (without its number or bullet). */
export function partItems(texts: Texts, locale: string, plan: Plan, part: "steps" | "tasks" | "objectives" | "indicators" | "reviews", timeZone: string): string[] {
  const t = (key: string, vars?: Record<string, unknown>) => texts.t(locale, key, vars);
  switch (part) {
    case "steps":
      return plan.steps.map((s) => `${quote(s.text)} (${t(`plans.horizon.${s.horizon}`)})`);
    case "tasks":
      return plan.tasks.map(
        (task) =>
          `${quote(task.title)} — ${ownerWords(t, task.ownerName, plan.status === "approved")}${task.dueAt ? `, ${t("plans.due", { date: showDate(task.dueAt, timeZone) })}` : ""} (${t(`plans.horizon.${task.horizon}`)})`,
      );
    case "objectives":
      return plan.objectives.map((o) => quote(o.text));
    case "indicators":
      return plan.indicators.map((i) => (i.baseline !== null && i.target !== null ? `${quote(i.name)}: ${t("plans.from-to", { baseline: i.baseline, target: i.target })}` : quote(i.name)));
    case "reviews":
      return plan.reviews.map((r) => showDate(r.scheduledFor, timeZone));
  }
}

/** A plan written out in full, as the group reads it before approving it; once it is carried out, each task's latest progress note too. */
export function planText(texts: Texts, locale: string, plan: Plan, priority: Priority | undefined, timeZone: string): string {
  const t = (key: string, vars?: Record<string, unknown>) => texts.t(locale, key, vars);
  const none = t("plans.none-yet");
  const list = (items: string[]) => (items.length > 0 ? items.join("\n") : `  ${none}`);
  const tasks = partItems(texts, locale, plan, "tasks", timeZone);
  return lines(
    t("plans.heading", { priority: priorityLabel(priority), status: t(`plans.status.${plan.status}`) }),
    "",
    t("plans.part.problem"),
    `  ${plan.problem === null ? none : quote(plan.problem)}`,
    t("plans.part.steps"),
    list(partItems(texts, locale, plan, "steps", timeZone).map((item, i) => `  ${i + 1}. ${item}`)),
    t("plans.part.tasks"),
    list(plan.tasks.map((task, i) => lines(`  • ${tasks[i] ?? ""}`, progressLine(texts, locale, task, timeZone)))),
    t("plans.part.objectives"),
    list(partItems(texts, locale, plan, "objectives", timeZone).map((item) => `  • ${item}`)),
    t("plans.part.indicators"),
    list(partItems(texts, locale, plan, "indicators", timeZone).map((item) => `  • ${item}`)),
    t("plans.part.reviews"),
    list(partItems(texts, locale, plan, "reviews", timeZone).map((item) => `  • ${item}`)),
  );
}

/** What a plan still lacks, one line each. */
export function gapsText(texts: Texts, locale: string, gaps: PlanGap[]): string {
  return gaps
    .map((gap) => {
      const vars = "task" in gap ? { name: relay(gap.task) } : "indicator" in gap ? { name: relay(gap.indicator) } : {};
      return `• ${texts.t(locale, `plans.gap.${gap.part}`, vars)}`;
    })
    .join("\n");
}

export const plans: Command = {
  name: "plans",
  needsGroup: true,
  action: () => "plans",
  async run(turn, args) {
    const { group, cycle } = turn;
    if (!group || !cycle) return;
    const all = await turn.store.plans.list(cycle.id);
    const priorities = await turn.store.priorities.list(cycle.id);
    if (all.length === 0) {
      // After /newcycle the earlier cycle's plans are kept, and its files show them.
      if (cycle.number > 1) turn.reply("plans.none-this-cycle", { number: cycle.number, previous: cycle.number - 1 });
      else turn.reply("plans.none");
      return;
    }
    const rank = args.trim() === "" ? null : parsePositiveInt(args);
    if (rank !== null) {
      const priority = priorities.find((p) => p.rank === rank);
      const plan = priority ? all.find((p) => p.priorityId === priority.id) : undefined;
      if (!plan) {
        turn.reply("plans.no-such", { rank });
        return;
      }
      turn.say(planText(turn.deps.texts, turn.locale, plan, priority, group.timeZone));
      return;
    }
    const rows = priorities.flatMap((priority) => {
      const plan = all.find((p) => p.priorityId === priority.id);
      if (!plan) return [];
      const gaps = planGaps(plan);
      const completeness = gaps.length === 0 ? turn.t("plans.complete") : turn.t("plans.missing", { count: gaps.length });
      return [`${priority.rank}. ${priorityLabel(priority)} — ${turn.t(`plans.status.${plan.status}`)}, ${completeness}`];
    });
    turn.say(lines(turn.t("plans.title"), ...rows, "", turn.t("plans.how")));
  },
};
