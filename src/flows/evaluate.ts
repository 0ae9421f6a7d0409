/**
 * Step 5. `evaluate`: for one approved plan, were the objectives met, what
 * the measures say against their targets, what worked, what did not, what to
 * change. `lessons` lists what the group has learned; `lessons add <text>`
 * keeps a new lesson, for the group and for a brief to the authorities.
 */
import type { ObjectivesMet, Plan } from "../domain/types.ts";
import { isWord, parseChoice, parseText, truncationNote } from "./answers.ts";
import { afterAdd, type Command, type Conversation } from "./command.ts";
import { approvedPlans } from "./plans.ts";
import { choicesOf, lines } from "./render.ts";
import type { ConversationData, Turn } from "./turn.ts";
import { quote } from "../domain/text.ts";
import { stopStaleReminders } from "./reminders.ts";

const FLOW = "evaluate";
const MET: readonly ObjectivesMet[] = ["met", "partly", "not"];

/** The plan's measures against their targets, with the latest reading of each. */
async function measuresText(turn: Turn, plan: Plan): Promise<string> {
  const readings = await turn.store.monitoring.readings(plan.indicators.map((i) => i.id));
  return plan.indicators
    .map((indicator) => {
      const latest = readings.filter((r) => r.indicatorId === indicator.id).at(-1);
      return `• ${turn.t("evaluate.measure", { name: quote(indicator.name), baseline: indicator.baseline ?? "—", latest: latest?.value ?? "—", target: indicator.target ?? "—" })}`;
    })
    .join("\n");
}

async function metStep(turn: Turn, plan: Plan): Promise<ConversationData> {
  const choices = choicesOf(MET.map((m) => turn.t(`evaluate.met.${m}`)));
  const objectives = plan.objectives.map((o) => `• ${quote(o.text)}`).join("\n");
  return { step: "met", groupId: plan.groupId, planId: plan.id, prompt: { key: "evaluate.ask-met", vars: { objectives, measures: await measuresText(turn, plan) } }, choices };
}

export const evaluate: Command = {
  name: "evaluate",
  needsGroup: true,
  action: () => "evaluate",
  async run(turn) {
    const plans = await approvedPlans(turn);
    if (plans.length === 0 || !turn.group) {
      turn.reply("review.no-plans");
      return;
    }
    if (plans.length === 1 && plans[0]) return turn.ask(FLOW, await metStep(turn, plans[0]));
    const priorities = await turn.store.priorities.list(turn.cycle?.id ?? -1);
    const choices = choicesOf(plans.map((plan) => priorities.find((p) => p.id === plan.priorityId)?.text ?? ""));
    await turn.ask(FLOW, { step: "plan", groupId: turn.group.id, planIds: plans.map((p) => p.id), prompt: { key: "review.ask-plan" }, choices });
  },
};

const FREE_TEXT_STEPS = { worked: "did-not-work", "did-not-work": "change", change: null } as const;

export const evaluateConversation: Conversation = {
  name: FLOW,
  action: () => "evaluate",
  async answer(turn, data, text) {
    const group = turn.group;
    if (!group) return turn.endConversation();
    const planId = Number(data["planId"]);
    if (data.step === "plan") {
      const ids = Array.isArray(data["planIds"]) ? data["planIds"] : [];
      const choice = parseChoice(text, ids.length);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      const plan = (await approvedPlans(turn)).find((p) => p.id === ids[choice.value - 1]);
      return plan ? turn.ask(FLOW, await metStep(turn, plan)) : turn.endConversation();
    }
    if (data.step === "met") {
      const choice = parseChoice(text, MET.length);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      return turn.ask(FLOW, { step: "worked", groupId: group.id, planId, met: MET[choice.value - 1], prompt: { key: "evaluate.ask-worked" } });
    }
    if (!(data.step in FREE_TEXT_STEPS)) return turn.endConversation();
    const step = data.step === "worked" || data.step === "did-not-work" || data.step === "change" ? data.step : "change";
    let answer: string | null = null;
    if (!isWord(turn, text, "skip")) {
      const parsed = parseText(text);
      if (parsed.kind === "rejected") return turn.retry(data, parsed.error);
      answer = parsed.value.text;
      if (parsed.value.truncated) turn.say(truncationNote(turn, true).trim());
    }
    const answers = { ...data, [step]: answer };
    const following = FREE_TEXT_STEPS[step];
    if (following) return turn.ask(FLOW, { ...answers, step: following, prompt: { key: `evaluate.ask-${following}` } });
    const met = MET.find((m) => m === answers["met"]) ?? "partly";
    const optional = (value: unknown) => (typeof value === "string" ? value : null);
    await turn.store.monitoring.addEvaluation({ planId, objectivesMet: met, worked: optional(answers["worked"]), didNotWork: optional(answers["did-not-work"]), change: optional(answers["change"]), createdById: turn.person.id, at: turn.now });
    await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "plan.evaluated", entity: "plan", entityId: planId });
    // An evaluated plan is finished: no more reminders of its reviews or tasks.
    await stopStaleReminders(turn.store, group);
    await turn.endConversation();
    turn.say(lines(turn.t("evaluate.saved"), turn.t("evaluate.lesson-how")));
  },
};

export const lessons: Command = {
  name: "lessons",
  needsGroup: true,
  action: (_turn, args) => (afterAdd(args) !== null ? "lessons.add" : "lessons.view"),
  async run(turn, args) {
    const { group, cycle } = turn;
    if (!group || !cycle) return;
    const added = afterAdd(args);
    if (added !== null) {
      const parsed = parseText(added);
      if (parsed.kind === "rejected") {
        turn.reply("lessons.usage");
        return;
      }
      const lesson = await turn.store.monitoring.addLesson({ groupId: group.id, cycleId: cycle.id, planId: null, text: parsed.value.text, authorId: turn.person.id, at: turn.now });
      await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "lesson.added", entity: "lesson", entityId: lesson.id });
      turn.say(truncationNote(turn, parsed.value.truncated) + turn.t("lessons.saved"));
      return;
    }
    const all = await turn.store.monitoring.lessons(group.id);
    if (all.length === 0) {
      turn.reply("lessons.none");
      return;
    }
    const bullet = (lesson: { text: string }) => `• ${quote(lesson.text)}`;
    if (all.every((lesson) => lesson.cycleId === cycle.id)) {
      turn.say(lines(turn.t("lessons.title"), ...all.map(bullet), "", turn.t("lessons.usage")));
      return;
    }
    // Lessons belong to the cycle they were learned in: earlier cycles' under their number, then this one's.
    const cycles = await turn.store.cycles.history(group.id);
    const parts = cycles.flatMap((each) => {
      const learned = all.filter((lesson) => lesson.cycleId === each.id);
      if (learned.length === 0) return [];
      return ["", turn.t(each.id === cycle.id ? "lessons.this-cycle" : "lessons.from-cycle", { number: each.number }), ...learned.map(bullet)];
    });
    turn.say(lines(turn.t("lessons.title"), ...parts, "", turn.t("lessons.usage")));
  },
};
