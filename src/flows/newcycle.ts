/**
 * `newcycle`: after evaluating, the facilitator starts the next cycle at
 * step 1. Open concerns carry forward; a priority whose plan met its
 * objectives is closed, any other goes back to the open concerns to be
 * weighed again.
 */
import type { Command, Conversation } from "./command.ts";
import { describeConcerns } from "./concerns.ts";
import { confirmed, confirmStep } from "./confirm.ts";
import { lines } from "./render.ts";
import { stopStaleReminders } from "./reminders.ts";
import type { Turn } from "./turn.ts";

const FLOW = "newcycle";

export const newcycle: Command = {
  name: "newcycle",
  needsGroup: true,
  action: () => "newcycle",
  async run(turn) {
    const { group, cycle } = turn;
    if (!group || !cycle) return;
    await turn.ask(FLOW, confirmStep(turn, { key: "newcycle.confirm", vars: { number: cycle.number + 1 } }, { yes: "newcycle.yes", no: "newcycle.no" }, { groupId: group.id, cycleId: cycle.id }));
  },
};

export const newcycleConversation: Conversation = {
  name: FLOW,
  action: () => "newcycle",
  async answer(turn, data, text) {
    const yes = await confirmed(turn, data, text);
    if (yes === false) turn.reply("newcycle.stayed");
    if (yes) await startNext(turn, Number(data["cycleId"]));
  },
};

async function startNext(turn: Turn, cycleId: number): Promise<void> {
  const group = turn.group;
  if (!group) return;
  const priorities = await turn.store.priorities.list(cycleId);
  const plans = await turn.store.plans.list(cycleId);
  const evaluations = await turn.store.monitoring.evaluations(plans.map((p) => p.id));
  const next = await turn.store.cycles.startNext({ groupId: group.id, cycleId, at: turn.now });
  if (!next) {
    turn.reply("step.moved-meanwhile", { step: turn.t("steps.1.name") });
    return;
  }
  const solved = new Set(
    plans.filter((plan) => evaluations.filter((e) => e.planId === plan.id).at(-1)?.objectivesMet === "met").map((plan) => plan.priorityId),
  );
  await turn.store.concerns.setStatus(priorities.filter((p) => solved.has(p.id)).map((p) => p.concernId), "closed");
  await turn.store.concerns.setStatus(priorities.filter((p) => !solved.has(p.id)).map((p) => p.concernId), "open");
  await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "cycle.started", entity: "cycle", entityId: next.id });
  // The past cycle's plans can no longer be reviewed nor their tasks marked done: their reminders end.
  await stopStaleReminders(turn.store, group);
  const open = await turn.store.concerns.list(group.id, ["open"]);
  const carried = await describeConcerns(turn.store, turn.deps.texts, turn.locale, open.filter((c) => c.announcedAt !== null));
  turn.say(
    lines(
      turn.t("newcycle.started", { number: next.number }),
      carried.length > 0 ? turn.t("newcycle.carried", { count: carried.length }) : turn.t("newcycle.none-carried"),
      ...carried.map((line) => `• ${line}`),
      "",
      turn.t("steps.1.start"),
    ),
  );
}
