/**
 * A group at step 4 with one approved plan for its first priority: two
 * tasks (Aung's due in 7 days, Thida's in 14), one measure from 6 to 1, and
 * a review in 30 days. The starting point for implementing, reviewing and
 * evaluating.
 */
import type { Harness } from "./harness.ts";
import { FACILITATOR, closeVoteNow, groupAtStep2 } from "./scenario.ts";

/** A group at step 3 with priorities #1 (market road) and #2 (plantation path). */
export async function groupWithPriorities(h: Harness): Promise<void> {
  await groupAtStep2(h);
  for (const [person, text] of [["aung", "No lights on the market road"], ["thida", "Harassment on the plantation path"]] as const) {
    await h.dm(person, `/concern ${text}`);
  }
  await h.group(FACILITATOR, "/vote");
  await h.dm("aung", "/vote 1 1 2");
  await closeVoteNow(h);
  await h.group(FACILITATOR, "/next");
}

/** Aung drafts and proposes the plan for priority #1; its vote is then open. */
export async function proposePlan(h: Harness): Promise<void> {
  const draft = [
    "/plan 1",
    "1", "Robberies on the dark market road",
    "2", "Ask the township for street lights", "2", "done",
    "3", "Write to the electricity office", "2", "+7", "2", "Organise a walking rota", "3", "+14", "1", "done",
    "4", "Fewer robberies", "done",
    "5", "Robberies a month", "6", "1", "done",
    "6", "+30", "done",
    "7", "1",
  ];
  for (const line of draft) await h.dm("aung", line);
}

export async function groupWithApprovedPlan(h: Harness): Promise<void> {
  await groupWithPriorities(h);
  await proposePlan(h);
  for (const person of ["aung", "thida", "ram"]) await h.dm(person, "/vote 1");
  await closeVoteNow(h);
  await h.group(FACILITATOR, "/next");
  await h.group(FACILITATOR, "1");
}
