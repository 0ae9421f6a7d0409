/**
 * `priorities`: the concerns the group chose to act on, in order, with how
 * each stood in the vote that chose it and whether each has a plan; and, for
 * a ranked vote, how instant runoff decided any place it decided.
 */
import type { Command } from "./command.ts";
import { lines, priorityLabel } from "./render.ts";
import { measureText, runoffLines } from "./result-text.ts";
import { chatName, lastPrioritiesVote, measureOf } from "./results.ts";

export const priorities: Command = {
  name: "priorities",
  needsGroup: true,
  action: () => "priorities",
  async run(turn) {
    const cycle = turn.cycle;
    const group = turn.group;
    if (!cycle || !group) return;
    const list = await turn.store.priorities.list(cycle.id);
    const plans = await turn.store.plans.list(cycle.id);
    if (list.length === 0) {
      turn.reply("priorities.none");
      return;
    }
    const last = await lastPrioritiesVote(turn.store, group.id, cycle.id);
    const { texts } = turn.deps;
    const rows = list.map((p) => {
      const plan = plans.find((candidate) => candidate.priorityId === p.id);
      const state = plan ? turn.t(`plans.status.${plan.status}`) : turn.t("priorities.no-plan");
      const measure = measureOf(last, p.concernId);
      return `${p.rank}. ${priorityLabel(p)} — ${measure ? `${measureText(texts, turn.locale, measure)} · ` : ""}${state}`;
    });
    const rounds = last ? runoffLines(texts, turn.locale, last.result, chatName(last.vote)) : [];
    turn.say(lines(turn.t("priorities.title"), ...rows, ...(rounds.length > 0 ? ["", ...rounds] : []), "", turn.t("priorities.how")));
  },
};
