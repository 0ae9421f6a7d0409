/**
 * The community security cycle: what each step needs before the group moves on.
 *
 * The checklist is advice, not a lock: a facilitator who knows the group is
 * ready may confirm the move with items still missing, and the move records
 * what was missing.
 */
import type { Step } from "./types.ts";

/** The site-selection criteria a facilitator confirms before starting. */
export const SITE_CRITERIA = ["clear-concerns", "want-change", "safe-to-act", "quick-wins", "power-holders"] as const;
export type SiteCriterion = (typeof SITE_CRITERIA)[number];

/** Fewest members before a group is worth moving past preparation. */
export const MIN_MEMBERS = 3;

/** What the store knows about a cycle, counted; the checklist is computed from these. */
export interface CycleFacts {
  step: Step;
  groupSetUp: boolean;
  siteCriteriaMet: number;
  members: number;
  assessmentRespondents: number;
  stakeholders: number;
  openConcerns: number;
  closedPriorityVotes: number;
  priorities: number;
  prioritiesWithPlan: number;
  approvedPlans: number;
  reviewsHeld: number;
  evaluations: number;
}

export type ChecklistItem =
  | "setup"
  | "site-criteria"
  | "members"
  | "assessment"
  | "stakeholders"
  | "concerns"
  | "vote"
  | "priorities"
  | "plans"
  | "plans-approved"
  | "review-held"
  | "evaluations";

export interface ChecklistEntry {
  item: ChecklistItem;
  done: boolean;
}

/** The checklist for leaving the current step, in the order a facilitator would work through it. */
export function checklist(facts: CycleFacts): ChecklistEntry[] {
  const entry = (item: ChecklistItem, done: boolean): ChecklistEntry => ({ item, done });
  switch (facts.step) {
    case 1:
      return [
        entry("setup", facts.groupSetUp),
        entry("site-criteria", facts.siteCriteriaMet === SITE_CRITERIA.length),
        entry("members", facts.members >= MIN_MEMBERS),
        entry("assessment", facts.assessmentRespondents > 0),
        entry("stakeholders", facts.stakeholders > 0),
      ];
    case 2:
      return [
        entry("concerns", facts.openConcerns + facts.priorities > 0),
        entry("vote", facts.closedPriorityVotes > 0),
        entry("priorities", facts.priorities > 0),
      ];
    case 3:
      return [
        entry("plans", facts.priorities > 0 && facts.prioritiesWithPlan === facts.priorities),
        entry("plans-approved", facts.approvedPlans > 0),
      ];
    case 4:
      return [entry("review-held", facts.reviewsHeld > 0)];
    case 5:
      return [entry("evaluations", facts.evaluations > 0)];
  }
}

const FOLLOWING: Record<Step, Step | null> = { 1: 2, 2: 3, 3: 4, 4: 5, 5: null };

export type NextStep =
  | { kind: "ready"; to: Step }
  | { kind: "missing"; to: Step; missing: ChecklistItem[] }
  | { kind: "last-step" };

/**
 * Where `next` would take the group, and what is still missing. After step 5
 * a new cycle starts instead (`newcycle`), so `next` stops there.
 */
export function nextStep(facts: CycleFacts): NextStep {
  const to = FOLLOWING[facts.step];
  if (to === null) return { kind: "last-step" };
  const missing = checklist(facts).filter((e) => !e.done).map((e) => e.item);
  return missing.length === 0 ? { kind: "ready", to } : { kind: "missing", to, missing };
}
