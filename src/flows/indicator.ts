/**
 * `indicator`: recording a reading of one of the approved plans' measures of
 * progress, so the group sees the trend against the baseline and target.
 * `indicator` asks which and the value; `indicator 2 15` records 15 for the
 * second measure at once.
 */
import type { Indicator } from "../domain/types.ts";
import { parseChoice, parseNumber } from "./answers.ts";
import type { Command, Conversation } from "./command.ts";
import { approvedPlans } from "./plans.ts";
import { choicesOf } from "./render.ts";
import type { ConversationData, Turn } from "./turn.ts";
import { quote } from "../domain/text.ts";

const FLOW = "indicator";

async function measures(turn: Turn): Promise<Indicator[]> {
  return (await approvedPlans(turn)).flatMap((plan) => plan.indicators);
}

function describe(turn: Turn, indicator: Indicator): string {
  const name = quote(indicator.name);
  return indicator.baseline !== null && indicator.target !== null ? `${name} (${turn.t("plans.from-to", { baseline: indicator.baseline, target: indicator.target })})` : name;
}

function valueStep(turn: Turn, indicator: Indicator, groupId: number): ConversationData {
  return { step: "value", groupId, indicatorId: indicator.id, prompt: { key: "indicator.ask-value", vars: { name: describe(turn, indicator) } } };
}

async function record(turn: Turn, indicator: Indicator, value: number): Promise<void> {
  await turn.store.monitoring.addReading({ indicatorId: indicator.id, value, note: null, recordedById: turn.person.id, at: turn.now });
  await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: turn.group?.id ?? null, action: "indicator.reading", entity: "indicator", entityId: indicator.id });
  await turn.endConversation(FLOW);
  turn.reply("indicator.saved", { name: describe(turn, indicator), value });
}

export const indicator: Command = {
  name: "indicator",
  needsGroup: true,
  action: () => "indicator",
  async run(turn, args) {
    const group = turn.group;
    if (!group) return;
    const list = await measures(turn);
    if (list.length === 0) {
      turn.reply("indicator.none");
      return;
    }
    const choices = choicesOf(list.map((i) => describe(turn, i)));
    const pick: ConversationData = { step: "pick", groupId: group.id, indicatorIds: list.map((i) => i.id), prompt: { key: "indicator.ask-which" }, choices };
    const [which, value] = args.trim().split(/\s+/).filter((w) => w !== "");
    if (which === undefined) return turn.ask(FLOW, pick);
    const choice = parseChoice(which, list.length);
    if (choice.kind === "rejected") {
      return turn.askAgain(FLOW, pick, choice.error);
    }
    const chosen = list[choice.value - 1];
    if (!chosen) return;
    const step = valueStep(turn, chosen, group.id);
    if (value === undefined) return turn.ask(FLOW, step);
    const number = parseNumber(value);
    if (number.kind === "rejected") {
      return turn.askAgain(FLOW, step, number.error);
    }
    await record(turn, chosen, number.value);
  },
};

export const indicatorConversation: Conversation = {
  name: FLOW,
  action: () => "indicator",
  async answer(turn, data, text) {
    const list = await measures(turn);
    if (data.step === "pick") {
      const ids = Array.isArray(data["indicatorIds"]) ? data["indicatorIds"] : [];
      const choice = parseChoice(text, ids.length);
      if (choice.kind === "rejected") return turn.retry(data, choice.error);
      const chosen = list.find((i) => i.id === ids[choice.value - 1]);
      if (!chosen || !turn.group) return turn.endConversation();
      return turn.ask(FLOW, valueStep(turn, chosen, turn.group.id));
    }
    const chosen = list.find((i) => i.id === data["indicatorId"]);
    if (!chosen) return turn.endConversation();
    const number = parseNumber(text);
    if (number.kind === "rejected") return turn.retry(data, number.error);
    await record(turn, chosen, number.value);
  },
};
