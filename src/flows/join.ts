/**
 * `join`: a person in the group's chat becomes a member. Consent is asked in
 * private, with a plain account of what is stored and who sees it; then an
 * optional self-description, stored only to be counted.
 */
import { SELF_DESCRIPTIONS } from "../domain/people.ts";
import type { Group } from "../domain/types.ts";
import { parseChoice, parseChoices } from "./answers.ts";
import type { Command, Conversation } from "./command.ts";
import { choicesOf } from "./render.ts";
import type { ConversationData, Turn } from "./turn.ts";
import { relay } from "../domain/text.ts";

const FLOW = "join";

/** The consent question, asked in the person's private chat and so in its language (not the group's, where /join was typed), its choices too. */
function consentStep(turn: Turn, groupId: number, groupName: string): ConversationData {
  const t = (key: string) => turn.deps.texts.t(turn.privateLocale, key);
  const choices = choicesOf([t("join.agree"), t("join.disagree")]);
  return { step: "consent", groupId, prompt: { key: "join.consent", vars: { group: groupName } }, choices, yesNo: true };
}

function describeStep(turn: Turn, groupId: number): ConversationData {
  // Several may fit one person (the prompt says how to give them): see `Choice.several`.
  const choices = choicesOf(SELF_DESCRIPTIONS.map((tag) => turn.t(`people.${tag}`))).map((choice) => ({ ...choice, several: true }));
  return { step: "describe", groupId, prompt: { key: "join.describe" }, choices };
}

export const join: Command = {
  name: "join",
  needsGroup: false,
  action: () => "join",
  async run(turn) {
    const group = turn.group;
    if (!group) return;
    if (turn.roles.includes("member")) {
      turn.reply("join.already");
      return;
    }
    turn.pointToPrivate("join.check-private", { name: relay(turn.person.displayName) });
    await askConsent(turn, group);
  },
};

/** Asks the person, in private, whether they agree to take part in the group, saying what is kept and who sees it. */
export async function askConsent(turn: Turn, group: Group): Promise<void> {
  await turn.askPrivately(FLOW, consentStep(turn, group.id, relay(group.name ?? "")));
}

export const joinConversation: Conversation = {
  name: FLOW,
  action: () => "join.consent",
  async answer(turn, data, text) {
    const group = turn.group;
    if (!group) return turn.endConversation();
    if (data.step === "consent") {
      const answer = parseChoice(text, 2);
      if (answer.kind === "rejected") return turn.retry(data, answer.error);
      if (answer.value === 2) {
        await turn.endConversation();
        turn.reply("join.declined");
        return;
      }
      await turn.store.memberships.join({ groupId: group.id, personId: turn.person.id, consentAt: turn.now });
      // Someone who never chose a language reads the group's, also in private and outside the group's conversations.
      if (turn.person.locale === null) await turn.store.people.setLocale(turn.person.id, group.locale);
      await turn.store.audit.record({ at: turn.now, actorId: turn.person.id, groupId: group.id, action: "member.joined", entity: "membership", entityId: null });
      const members = await turn.store.memberships.members(group.id);
      turn.post(group, (locale) => turn.deps.texts.t(locale, "join.welcome-group", { name: relay(turn.person.displayName), count: members.length }));
      return turn.ask(FLOW, describeStep(turn, group.id));
    }
    const answer = parseChoices(text, SELF_DESCRIPTIONS.length);
    if (answer.kind === "rejected") return turn.retry(data, answer.error);
    const tags = answer.value.map((n) => SELF_DESCRIPTIONS[n - 1]).filter((tag) => tag !== undefined);
    await turn.store.people.setSelfDescription(turn.person.id, tags.length > 0 ? tags : null);
    await turn.endConversation();
    turn.reply(tags.length > 0 ? "join.described" : "join.not-described", { group: relay(group.name ?? "") });
  },
};
