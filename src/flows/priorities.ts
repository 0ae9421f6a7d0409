/** `priorities`: the concerns the group chose to act on, in order, and whether each has a plan. */
import type { Command } from "./command.ts";
import { lines } from "./render.ts";

export const priorities: Command = {
  name: "priorities",
  needsGroup: true,
  action: () => "priorities",
  async run(turn) {
    const cycle = turn.cycle;
    if (!cycle) return;
    const [list, plans] = await Promise.all([turn.store.priorities.list(cycle.id), turn.store.plans.list(cycle.id)]);
    if (list.length === 0) {
      turn.reply("priorities.none");
      return;
    }
    const rows = list.map((p) => {
      const plan = plans.find((candidate) => candidate.priorityId === p.id);
      const state = plan ? turn.t(`plans.status.${plan.status}`) : turn.t("priorities.no-plan");
      return `${p.rank}. #${p.concernNumber} ${p.text} — ${state}`;
    });
    turn.say(lines(turn.t("priorities.title"), ...rows, "", turn.t("priorities.how")));
  },
};
