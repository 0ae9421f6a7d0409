/** Small helpers that put lists and choices into words the same way everywhere. */
import { quote, relay } from "../domain/text.ts";
import type { Priority } from "../domain/types.ts";
import type { Choice } from "./messages.ts";

/** `#3 “Fights at the crossroads”`: a concern by its number and, quoted, its words (see `quote`). */
export function concernLabel(number: number, text: string): string {
  return `#${number} ${quote(text)}`;
}

/**
 * `#3 Fights at the crossroads`: a concern as stored in a vote's options and
 * written in exports, where no chat frame surrounds it. Chats show it
 * through {@link shownLabel}.
 */
export function plainConcernLabel(number: number, text: string): string {
  return `#${number} ${text}`;
}

/** A stored label (see {@link plainConcernLabel}) as a chat shows it: the number, then the words quoted; anything else quoted whole. */
export function shownLabel(label: string): string {
  const match = /^#(\d{1,9}) ([\s\S]*)$/.exec(label);
  return match?.[1] !== undefined && match[2] !== undefined ? concernLabel(Number(match[1]), match[2]) : quote(label);
}

/** A priority named by its concern's number and words; empty where there is none. */
export function priorityLabel(priority: Pick<Priority, "concernNumber" | "text"> | undefined): string {
  return priority ? concernLabel(priority.concernNumber, priority.text) : "";
}

/** Numbered choices from labels, starting at 1. */
export function choicesOf(labels: readonly string[]): Choice[] {
  return labels.map((label, index) => ({ number: index + 1, label }));
}

/** "1. first\n2. second": how text-only chats show choices. */
export function numbered(choices: readonly Choice[]): string {
  return choices.map((choice) => `${choice.number}. ${choice.label}`).join("\n");
}

/** Lines joined; `null`, `undefined` and `false` are left out, and "" stays as a blank line. */
export function lines(...parts: (string | null | undefined | false)[]): string {
  return parts.filter((part): part is string => typeof part === "string").join("\n");
}

/**
 * Who does a task, as a chat shows it: their name; or, without one, "no one
 * yet" while the plan is being written, and "no one now" once it is approved
 * (every task of an approved plan had an owner, who has since left or been
 * forgotten, and is never named again).
 */
export function ownerWords(t: (key: string) => string, ownerName: string | null, planApproved: boolean): string {
  if (ownerName !== null) return relay(ownerName);
  return t(planApproved ? "plans.owner-gone" : "plans.no-owner");
}
