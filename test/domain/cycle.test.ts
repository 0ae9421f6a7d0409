import { describe, expect, it } from "vitest";
import { checklist, nextStep, type CycleFacts } from "../../src/domain/cycle.ts";

const nothing: CycleFacts = {
  step: 1,
  groupSetUp: false,
  siteCriteriaMet: 0,
  members: 0,
  assessmentRespondents: 0,
  stakeholders: 0,
  openConcerns: 0,
  closedPriorityVotes: 0,
  priorities: 0,
  prioritiesWithPlan: 0,
  approvedPlans: 0,
  reviewsHeld: 0,
  evaluations: 0,
};

describe("the cycle's checklist", () => {
  it("lists everything preparation needs, all missing in a new group", () => {
    expect(nextStep(nothing)).toEqual({ kind: "missing", to: 2, missing: ["setup", "site-criteria", "members", "assessment", "stakeholders"] });
  });

  it("is ready to move on when preparation is done", () => {
    const ready = { ...nothing, groupSetUp: true, siteCriteriaMet: 5, members: 3, assessmentRespondents: 1, stakeholders: 1 };
    expect(nextStep(ready)).toEqual({ kind: "ready", to: 2 });
  });

  it("needs all five starting conditions, not four", () => {
    const almost = { ...nothing, groupSetUp: true, siteCriteriaMet: 4, members: 3, assessmentRespondents: 1, stakeholders: 1 };
    expect(nextStep(almost)).toEqual({ kind: "missing", to: 2, missing: ["site-criteria"] });
  });

  it("needs a closed vote and priorities before action planning", () => {
    const step2 = { ...nothing, step: 2 as const, openConcerns: 4 };
    expect(checklist(step2)).toEqual([
      { item: "concerns", done: true },
      { item: "vote", done: false },
      { item: "priorities", done: false },
    ]);
  });

  it("needs a plan for every priority and at least one approved before implementing", () => {
    const step3 = { ...nothing, step: 3 as const, priorities: 3, prioritiesWithPlan: 2, approvedPlans: 1 };
    expect(nextStep(step3)).toEqual({ kind: "missing", to: 4, missing: ["plans"] });
  });

  it("stops at the last step: a new cycle follows instead", () => {
    expect(nextStep({ ...nothing, step: 5, evaluations: 2 })).toEqual({ kind: "last-step" });
  });
});
