/**
 * Yes-or-no questions that stand before what cannot be undone (moving the
 * group on, closing a vote, a new cycle, forgetting someone): two numbered
 * choices, yes first, answered by number, by button, or by a word for yes or
 * no in any language (see `understand`).
 */
import { parseChoice } from "./answers.ts";
import { choicesOf } from "./render.ts";
import type { Phrase } from "./texts.ts";
import type { ConversationData, Turn } from "./turn.ts";

/** The question: `prompt` (the channel shows the two choices after it, see src/flows/present.ts), the two choices' label keys, and what the flow keeps with it. */
export function confirmStep(turn: Turn, prompt: Phrase, labels: { yes: string; no: string }, kept: Record<string, unknown> = {}): ConversationData {
  const choices = choicesOf([turn.t(labels.yes), turn.t(labels.no)]);
  return { ...kept, step: "confirm", prompt, choices, yesNo: true };
}

/** The answer: true for yes, false for no, the conversation ended either way; null when it was neither, and the question was asked again. */
export async function confirmed(turn: Turn, data: ConversationData, text: string): Promise<boolean | null> {
  const choice = parseChoice(text, 2);
  if (choice.kind === "rejected") {
    turn.retry(data, choice.error);
    return null;
  }
  await turn.endConversation();
  return choice.value === 1;
}
