/**
 * `stakeholders`: the map of people and institutions likely to support or
 * oppose the group's work. `stakeholders` lists it; `stakeholders add`
 * (best done in private) adds one: a name, then where they stand.
 */
import type { StakeholderStance } from "../domain/types.ts";
import { parseChoice, parseName } from "./answers.ts";
import { afterAdd, type Command, type Conversation } from "./command.ts";
import { choicesOf, lines } from "./render.ts";
import type { ConversationData, Turn } from "./turn.ts";
import { NAME_LIMIT, relay } from "../domain/text.ts";

const FLOW = "stakeholders";
const STANCES: readonly StakeholderStance[] = ["supports", "opposes", "unsure"];

function stanceStep(turn: Turn, groupId: number, name: string): ConversationData {
  const choices = choicesOf(STANCES.map((stance) => turn.t(`stakeholders.stance.${stance}`)));
  return { step: "stance", groupId, name, prompt: { key: "stakeholders.ask-stance", vars: { name: relay(name) } }, choices };
}

export const stakeholders: Command = {
  name: "stakeholders",
  needsGroup: true,
  action: (_turn, args) => (afterAdd(args) !== null ? "stakeholders.add" : "stakeholders.view"),
  async run(turn, args) {
    const { group, cycle } = turn;
    if (!group || !cycle) return;
    const added = afterAdd(args);
    if (added !== null) {
      const name = added.trim();
      if (name !== "") return addName(turn, { step: "name", groupId: group.id, prompt: { key: "stakeholders.ask-name" } }, name);
      await turn.ask(FLOW, { step: "name", groupId: group.id, prompt: { key: "stakeholders.ask-name" } });
      return;
    }
    const list = await turn.store.stakeholders.list(cycle.id);
    if (list.length === 0) {
      turn.reply("stakeholders.none");
      return;
    }
    const sections = STANCES.map((stance) => {
      const names = list.filter((s) => s.stance === stance).map((s) => `• ${relay(s.name)}`);
      return names.length > 0 ? lines(turn.t(`stakeholders.heading.${stance}`), ...names) : null;
    });
    turn.say(lines(turn.t("stakeholders.title"), "", ...sections.filter((s) => s !== null).flatMap((s) => [s, ""]), turn.t("stakeholders.how")));
  },
};

async function addName(turn: Turn, data: ConversationData, text: string): Promise<void> {
  const answer = parseName(text);
  if (answer.kind === "rejected") {
    return turn.askAgain(FLOW, data, answer.error);
  }
  if (answer.value.truncated) turn.reply("answers.truncated", { limit: NAME_LIMIT });
  await turn.ask(FLOW, stanceStep(turn, data.groupId ?? 0, answer.value.text));
}

export const stakeholdersConversation: Conversation = {
  name: FLOW,
  action: () => "stakeholders.add",
  async answer(turn, data, text) {
    const { group, cycle } = turn;
    if (!group || !cycle) return turn.endConversation();
    if (data.step === "name") return addName(turn, data, text);
    const answer = parseChoice(text, STANCES.length);
    if (answer.kind === "rejected") return turn.retry(data, answer.error);
    const stance = STANCES[answer.value - 1] ?? "unsure";
    const name = String(data["name"] ?? "");
    const added = await turn.store.stakeholders.add({ cycleId: cycle.id, name, stance, addedById: turn.person.id });
    await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "stakeholder.added", entity: "stakeholder", entityId: added.id });
    await turn.endConversation();
    turn.reply("stakeholders.added", { name: relay(name), stance: turn.t(`stakeholders.stance.${stance}`) });
  },
};
