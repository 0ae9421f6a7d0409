/** `priorities`: the concerns the group chose to act on, in order, and whether each has a plan. */
import type { Command } from "./command.ts";
import { lines, priorityLabel } from "./render.ts";

export const priorities: Command = {
  name: "priorities",
  needsGroup: true,
  action: () => "priorities",
  async run(turn) {
    const cycle = turn.cycle;
    if (!cycle) return;
    const list = await turn.store.priorities.list(cycle.id);
    const plans = await turn.store.plans.list(cycle.id);
    if (list.length === 0) {
      turn.reply("priorities.none");
      return;
    }
    const rows = list.map((p) => {
      const plan = plans.find((candidate) => candidate.priorityId === p.id);
      const state = plan ? turn.t(`plans.status.${plan.status}`) : turn.t("priorities.no-plan");
      return `${p.rank}. ${priorityLabel(p)} — ${state}`;
    });
    turn.say(lines(turn.t("priorities.title"), ...rows, "", turn.t("priorities.how")));
  },
};
