/**
 * `assess`: the community security assessment. In private, a member answers
 * guided questions about how different people experience insecurity and why,
 * one at a time (`skip` passes one). In the group, it shows how many have
 * answered and who the group itself is made of, so gaps can be filled.
 */
import { ASSESSMENT_QUESTIONS } from "../domain/assessment.ts";
import { SELF_DESCRIPTIONS } from "../domain/people.ts";
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
  async run(turn) {
    const { group, cycle } = turn;
    if (!group || !cycle) return;
    if (turn.inGroup) {
      const [respondents, members] = await Promise.all([turn.store.assessments.respondents(cycle.id), turn.store.memberships.members(group.id)]);
      turn.say(lines(turn.t("assess.progress", { count: respondents, members: members.length }), "", representation(turn, members.map((m) => m.person.selfDescription)), "", turn.t("assess.how")));
      return;
    }
    turn.reply("assess.intro", { total: ASSESSMENT_QUESTIONS.length });
    await turn.ask(FLOW, questionStep(turn, 0, group.id));
  },
};

export const assessConversation: Conversation = {
  name: FLOW,
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

/** Who the group is made of, from members' own descriptions: counts only, never names. */
export function representation(turn: Turn, descriptions: (string[] | null)[]): string {
  const counts = SELF_DESCRIPTIONS.map((tag) => `${turn.t(`people.${tag}`)}: ${descriptions.filter((d) => d?.includes(tag)).length}`);
  const undescribed = descriptions.filter((d) => d === null || d.length === 0).length;
  return lines(turn.t("assess.representation"), counts.join(" · "), turn.t("assess.undescribed", { count: undescribed }));
}
