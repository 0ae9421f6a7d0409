/** Reading a conversation's stored state back. */
import { z } from "zod";
import { choiceSchema } from "./messages.ts";
import type { ConversationData } from "./turn.ts";

const conversationSchema = z.looseObject({
  step: z.string(),
  prompt: z.object({ key: z.string(), vars: z.record(z.string(), z.unknown()).optional() }),
  groupId: z.number().int().optional(),
  choices: z.array(choiceSchema).optional(),
  question: z.string().optional(),
});

/** The stored state of a conversation; a malformed one is a bug, not a person's mistake. */
export function conversationData(state: Record<string, unknown>): ConversationData {
  return conversationSchema.parse(state);
}

/** The stored state of a conversation, or null when this version cannot read it (one set aside long ago). */
export function conversationDataOrNull(state: Record<string, unknown>): ConversationData | null {
  const parsed = conversationSchema.safeParse(state);
  return parsed.success ? parsed.data : null;
}

/** The token of the question waiting in `state` when it has buttons (a platform takes them away once it is answered or left), else null. */
export function waitingQuestion(state: Record<string, unknown>): string | null {
  const question = state["question"];
  return typeof question === "string" && Array.isArray(state["choices"]) && state["choices"].length > 0 ? question : null;
}
