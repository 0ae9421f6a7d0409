/** Small helpers that put lists and choices into words the same way everywhere. */
import type { Priority } from "../domain/types.ts";
import type { Choice } from "./messages.ts";

/** "#3 Fights at the crossroads": a priority named by its concern's number and words; empty where there is none. */
export function priorityLabel(priority: Pick<Priority, "concernNumber" | "text"> | undefined): string {
  return priority ? `#${priority.concernNumber} ${priority.text}` : "";
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
