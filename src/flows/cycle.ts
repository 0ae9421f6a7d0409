/**
 * `step` shows where the group is in the cycle and what the step still
 * needs; `next` (a facilitator, in the group) moves it on, after showing
 * what is missing and asking to confirm.
 */
import { checklist, nextStep, SITE_CRITERIA, type ChecklistItem, type CycleFacts } from "../domain/cycle.ts";
import type { Cycle, Group, Step } from "../domain/types.ts";
import type { Command, Conversation } from "./command.ts";
import { confirmed, confirmStep } from "./confirm.ts";
import type { Store } from "./ports.ts";
import { lines } from "./render.ts";
import type { Turn } from "./turn.ts";

const FLOW = "next";

/** Counts everything the checklist looks at. */
export async function cycleFacts(store: Store, group: Group, cycle: Cycle): Promise<CycleFacts> {
  // One query after another: a transaction's connection runs one at a time (pg 9 refuses overlapping ones).
  const checks = await store.siteChecks.list(group.id);
  const members = await store.memberships.members(group.id);
  const respondents = await store.assessments.respondents(cycle.id);
  const stakeholders = await store.stakeholders.list(cycle.id);
  const concerns = await store.concerns.list(group.id, ["open"]);
  const lastVote = await store.votes.lastClosed(group.id, "priorities");
  const priorities = await store.priorities.list(cycle.id);
  const plans = await store.plans.list(cycle.id);
  const planned = new Set(plans.map((plan) => plan.priorityId));
  const evaluations = await store.monitoring.evaluations(plans.map((plan) => plan.id));
  return {
    step: cycle.step,
    groupSetUp: group.setupAt !== null,
    siteCriteriaMet: checks.filter((check) => check.met && (SITE_CRITERIA as readonly string[]).includes(check.item)).length,
    members: members.length,
    assessmentRespondents: respondents,
    stakeholders: stakeholders.length,
    openConcerns: concerns.length,
    closedPriorityVotes: lastVote && lastVote.cycleId === cycle.id ? 1 : 0,
    priorities: priorities.length,
    prioritiesWithPlan: priorities.filter((priority) => planned.has(priority.id)).length,
    approvedPlans: plans.filter((plan) => plan.status === "approved").length,
    reviewsHeld: plans.reduce((held, plan) => held + plan.reviews.filter((review) => review.heldAt !== null).length, 0),
    evaluations: evaluations.length,
  };
}

function describeChecklist(turn: Turn, facts: CycleFacts): string {
  return checklist(facts)
    .map((entry) => `${entry.done ? "✅" : "⬜"} ${turn.t(`checklist.${entry.item}`)}`)
    .join("\n");
}

function stepTitle(turn: Turn, step: Step): string {
  return turn.t("step.title", { step, name: turn.t(`steps.${step}.name`) });
}

export const step: Command = {
  name: "step",
  needsGroup: true,
  action: () => "step",
  async run(turn) {
    const { group, cycle } = turn;
    if (!group || !cycle) return;
    const facts = await cycleFacts(turn.store, group, cycle);
    turn.say(lines(stepTitle(turn, cycle.step), turn.t(`steps.${cycle.step}.about`), "", turn.t("step.checklist"), describeChecklist(turn, facts)));
  },
};

export const next: Command = {
  name: "next",
  needsGroup: true,
  action: () => "next",
  async run(turn) {
    const { group, cycle } = turn;
    if (!group || !cycle) return;
    const facts = await cycleFacts(turn.store, group, cycle);
    const outcome = nextStep(facts);
    if (outcome.kind === "last-step") {
      turn.reply("step.last");
      return;
    }
    if (outcome.kind === "ready") {
      await move(turn, group, cycle, outcome.to, []);
      return;
    }
    const missing = outcome.missing.map((item) => `• ${turn.t(`checklist.${item}`)}`).join("\n");
    const prompt = { key: "step.missing", vars: { to: turn.t(`steps.${outcome.to}.name`), missing } };
    await turn.ask(FLOW, confirmStep(turn, prompt, { yes: "step.confirm-anyway", no: "step.stay" }, { groupId: group.id, from: cycle.step, missing: outcome.missing }));
  },
};

export const nextConversation: Conversation = {
  name: FLOW,
  action: () => "next",
  async answer(turn, data, text) {
    const { group, cycle } = turn;
    const yes = await confirmed(turn, data, text);
    if (yes === null) return;
    if (!group || !cycle || !yes) {
      turn.reply("step.stayed");
      return;
    }
    if (cycle.step !== data["from"]) {
      turn.reply("step.moved-meanwhile", { step: turn.t(`steps.${cycle.step}.name`) });
      return;
    }
    const outcome = nextStep(await cycleFacts(turn.store, group, cycle));
    if (outcome.kind === "last-step") return turn.reply("step.last");
    await move(turn, group, cycle, outcome.to, outcome.kind === "missing" ? outcome.missing : []);
  },
};

async function move(turn: Turn, group: Group, cycle: Cycle, to: Step, missing: ChecklistItem[]): Promise<void> {
  const moved = await turn.store.cycles.moveStep({ cycleId: cycle.id, from: cycle.step, to, changedById: turn.person.id, missing, at: turn.now });
  if (!moved) {
    turn.reply("step.moved-meanwhile", { step: turn.t(`steps.${cycle.step}.name`) });
    return;
  }
  await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "cycle.step", entity: "cycle", entityId: cycle.id, details: { from: cycle.step, to, missing } });
  turn.say(lines(turn.t("step.moved"), "", stepTitle(turn, to), turn.t(`steps.${to}.about`), "", turn.t(`steps.${to}.start`)));
}
