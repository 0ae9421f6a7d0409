import { describe, expect, it } from "vitest";
import { isComplete, planGaps } from "../../src/domain/plans.ts";
import type { Plan } from "../../src/domain/types.ts";

const complete: Pick<Plan, "problem" | "steps" | "tasks" | "objectives" | "indicators" | "reviews"> = {
  problem: "Robberies on the market road after dark",
  steps: [{ id: 1, text: "Street lights", horizon: "long" }],
  tasks: [{ id: 1, planId: 1, title: "Write to the township", ownerId: 7, ownerName: "Aung", dueAt: null, status: "open", horizon: "long", progress: null, progressAt: null }],
  objectives: [{ id: 1, text: "Fewer robberies" }],
  indicators: [{ id: 1, name: "Robberies a month", baseline: 6, target: 1 }],
  reviews: [{ id: 1, scheduledFor: new Date("2027-01-01"), heldAt: null }],
};

describe("plan completeness", () => {
  it("finds nothing missing in a plan with every part", () => {
    expect(planGaps(complete)).toEqual([]);
    expect(isComplete(complete)).toBe(true);
  });

  it("names every missing part, in the order the plan is written", () => {
    expect(planGaps({ problem: null, steps: [], tasks: [], objectives: [], indicators: [], reviews: [] })).toEqual([
      { part: "problem" },
      { part: "steps" },
      { part: "tasks" },
      { part: "objectives" },
      { part: "indicators" },
      { part: "reviews" },
    ]);
  });

  it("treats a problem of only spaces as missing", () => {
    expect(planGaps({ ...complete, problem: "   " })).toEqual([{ part: "problem" }]);
  });

  it("names each task that nobody owns", () => {
    const tasks = [{ ...complete.tasks[0]!, ownerId: null, ownerName: null, title: "Fit locks" }];
    expect(planGaps({ ...complete, tasks })).toEqual([{ part: "task-owner", task: "Fit locks" }]);
  });

  it("accepts an indicator with both numbers or neither, not with only one", () => {
    const described = [{ id: 2, name: "Women feel safer walking", baseline: null, target: null }];
    expect(planGaps({ ...complete, indicators: described })).toEqual([]);
    const half = [{ id: 3, name: "Fights a week", baseline: 4, target: null }];
    expect(planGaps({ ...complete, indicators: half })).toEqual([{ part: "indicator-numbers", indicator: "Fights a week" }]);
  });
});
