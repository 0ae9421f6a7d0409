/**
 * `assess`: the community security assessment. In private, a member answers
 * guided questions about how different people experience insecurity and why,
 * one at a time (`skip` passes one). In the group, it shows how many have
 * answered and who the group itself is made of, so gaps can be filled.
 */
import { ASSESSMENT_QUESTIONS } from "../domain/assessment.ts";
import { partSize, SELF_DESCRIPTIONS, SMALLEST_PART } from "../domain/people.ts";
import { hasVisible, relay } from "../domain/text.ts";
import { isStaff } from "../domain/roles.ts";
import { isWord, parseText, truncationNote } from "./answers.ts";
import type { Command, Conversation } from "./command.ts";
import { lines } from "./render.ts";
import type { ConversationData, Turn } from "./turn.ts";

const FLOW = "assess";

function questionStep(turn: Turn, index: number, groupId: number): ConversationData {
  const question = turn.t(`assess.questions.${ASSESSMENT_QUESTIONS[index] ?? ASSESSMENT_QUESTIONS[0]}`);
  return { step: "answer", index, groupId, prompt: { key: "assess.ask", vars: { n: index + 1, total: ASSESSMENT_QUESTIONS.length, question } } };
}

export const assess: Command = {
  name: "assess",
  needsGroup: true,
  action: (turn) => (turn.inGroup ? "assess.progress" : "assess"),
  async run(turn, args) {
    const { group, cycle } = turn;
    if (!group || !cycle) return;
    if (turn.inGroup) {
      const respondents = await turn.store.assessments.respondents(cycle.id);
      const members = await turn.store.memberships.members(group.id);
      // Answers are taken in private only: words sent with it here are not kept, and the person is told so.
      const notKept = hasVisible(args) ? turn.t("errors.text-not-kept") : null;
      turn.say(lines(turn.t("assess.progress", { count: respondents, members: members.length }), "", turn.t("assess.how"), notKept));
      // Who the group is made of goes to staff alone, in private.
      if (isStaff(turn.roles)) turn.tellPrivately(representation(turn, turn.privateLocale, members.map((m) => m.person.selfDescription)));
      return;
    }
    turn.reply("assess.intro", { total: ASSESSMENT_QUESTIONS.length });
    await turn.ask(FLOW, questionStep(turn, 0, group.id));
  },
};

export const assessConversation: Conversation = {
  name: FLOW,
  action: () => "assess",
  async answer(turn, data, text) {
    const { group, cycle } = turn;
    if (!group || !cycle) return turn.endConversation();
    const index = typeof data["index"] === "number" ? data["index"] : 0;
    let note = "";
    if (!isWord(turn, text, "skip")) {
      const answer = parseText(text);
      if (answer.kind === "rejected") return turn.retry(data, answer.error);
      const question = ASSESSMENT_QUESTIONS[index];
      if (question) await turn.store.assessments.save({ cycleId: cycle.id, personId: turn.person.id, question, answer: answer.value.text, at: turn.now });
      note = truncationNote(turn, answer.value.truncated);
    }
    if (index + 1 < ASSESSMENT_QUESTIONS.length) {
      if (note) turn.say(note.trim());
      return turn.ask(FLOW, questionStep(turn, index + 1, group.id));
    }
    await turn.endConversation();
    turn.say(`${note}${turn.t("assess.thanks")}`);
  },
};

/**
 * Who the group is made of, from members' own descriptions, in `locale`:
 * counts only, never names, and no count of one or two people (see
 * `partSize`).
 */
export function representation(turn: Turn, locale: string, descriptions: (string[] | null)[]): string {
  const t = (key: string, vars?: Record<string, unknown>) => turn.deps.texts.t(locale, key, vars);
  const size = (count: number) => {
    const part = partSize(count);
    return part.kind === "count" ? String(part.count) : t(`assess.part.${part.kind}`, { count: SMALLEST_PART });
  };
  const counts = SELF_DESCRIPTIONS.map((tag) => `${t(`people.${tag}`)}: ${size(descriptions.filter((d) => d?.includes(tag)).length)}`);
  const undescribed = descriptions.filter((d) => d === null || d.length === 0).length;
  return lines(t("assess.representation", { group: relay(turn.group?.name ?? "") }), counts.join(" · "), t("assess.undescribed", { count: size(undescribed) }));
}
