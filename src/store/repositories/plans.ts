import type { Horizon, Plan, PlanStatus, Task, TaskStatus } from "../../domain/types.ts";
import type { PlanItem, PlanRepository } from "../../flows/ports.ts";
import type { Prisma } from "../generated/sqlite/client.ts";
import type { Connection } from "./connection.ts";
import { decode } from "./decode.ts";
import { horizon, planStatus, taskStatus } from "./columns.ts";


/** Everything a plan shows, each part in the order people read it. */
const fullPlan = {
  steps: { orderBy: [{ position: "asc" }, { id: "asc" }] },
  tasks: { orderBy: { id: "asc" }, include: { owner: { select: { displayName: true } } } },
  objectives: { orderBy: { id: "asc" } },
  indicators: { orderBy: { id: "asc" } },
  reviews: { orderBy: [{ scheduledFor: "asc" }, { id: "asc" }] },
} satisfies Prisma.ActionPlanInclude;

type PlanRow = Prisma.ActionPlanGetPayload<{ include: typeof fullPlan }>;

/** A task row, with its owner's name, as the domain sees it. */
export function toTask(task: PlanRow["tasks"][number]): Task {
  return {
    id: task.id,
    planId: task.planId,
    title: task.title,
    ownerId: task.ownerId,
    ownerName: task.owner?.displayName ?? null,
    dueAt: task.dueAt,
    status: decode(taskStatus, task.status, `Task ${task.id} status`),
    horizon: decode(horizon, task.horizon, `Task ${task.id} horizon`),
    progress: task.progress,
    progressAt: task.progressAt,
  };
}

function toPlan(row: PlanRow): Plan {
  return {
    id: row.id,
    groupId: row.groupId,
    cycleId: row.cycleId,
    priorityId: row.priorityId,
    problem: row.problem,
    status: decode(planStatus, row.status, `ActionPlan ${row.id} status`),
    steps: row.steps.map((step) => ({
      id: step.id,
      text: step.text,
      horizon: decode(horizon, step.horizon, `PlanStep ${step.id} horizon`),
    })),
    tasks: row.tasks.map(toTask),
    objectives: row.objectives.map((objective) => ({ id: objective.id, text: objective.text })),
    indicators: row.indicators.map((indicator) => ({
      id: indicator.id,
      name: indicator.name,
      baseline: indicator.baseline,
      target: indicator.target,
    })),
    reviews: row.reviews.map((review) => ({ id: review.id, scheduledFor: review.scheduledFor, heldAt: review.heldAt })),
  };
}

export class PrismaPlanRepository implements PlanRepository {
  constructor(private readonly db: Connection) {}

  async create(input: { groupId: number; cycleId: number; priorityId: number; createdById: number; at: Date }): Promise<Plan> {
    const { at, ...plan } = input;
    return toPlan(await this.db.client.actionPlan.create({ data: { ...plan, createdAt: at }, include: fullPlan }));
  }

  async get(planId: number): Promise<Plan | null> {
    const row = await this.db.client.actionPlan.findUnique({ where: { id: planId }, include: fullPlan });
    return row === null ? null : toPlan(row);
  }

  /** The priority's latest plan: after a rejected draft, the one written next. */
  async forPriority(priorityId: number): Promise<Plan | null> {
    const row = await this.db.client.actionPlan.findFirst({ where: { priorityId }, orderBy: { id: "desc" }, include: fullPlan });
    return row === null ? null : toPlan(row);
  }

  /** In the order they were started. */
  async list(cycleId: number): Promise<Plan[]> {
    const rows = await this.db.client.actionPlan.findMany({ where: { cycleId }, orderBy: { id: "asc" }, include: fullPlan });
    return rows.map(toPlan);
  }

  async setProblem(planId: number, problem: string): Promise<void> {
    await this.db.client.actionPlan.update({ where: { id: planId }, data: { problem } });
  }

  /** Appends the step after the plan's last one. */
  async addStep(planId: number, text: string, horizon: Horizon): Promise<void> {
    await this.db.atomically(async (client) => {
      const last = await client.planStep.findFirst({ where: { planId }, orderBy: { position: "desc" }, select: { position: true } });
      await client.planStep.create({ data: { planId, text, horizon, position: (last?.position ?? 0) + 1 } });
    });
  }

  async addTask(input: { planId: number; title: string; ownerId: number; dueAt: Date | null; horizon: Horizon }): Promise<void> {
    await this.db.client.task.create({ data: input });
  }

  async addObjective(planId: number, text: string): Promise<void> {
    await this.db.client.objective.create({ data: { planId, text } });
  }

  async addIndicator(input: { planId: number; name: string; baseline: number | null; target: number | null }): Promise<void> {
    await this.db.client.indicator.create({ data: input });
  }

  async addReview(planId: number, scheduledFor: Date): Promise<void> {
    await this.db.client.reviewMeeting.create({ data: { planId, scheduledFor } });
  }

  async removeReviews(planId: number, reviewIds: number[]): Promise<void> {
    if (reviewIds.length === 0) return;
    await this.db.client.reviewMeeting.deleteMany({ where: { planId, id: { in: reviewIds }, heldAt: null } });
  }

  async clearPart(planId: number, part: "steps" | "tasks" | "objectives" | "indicators" | "reviews"): Promise<void> {
    await this.deleteItems(part, { planId });
  }

  async replaceItem(planId: number, item: PlanItem & { id: number }): Promise<boolean> {
    const client = this.db.client;
    // Only an item of this plan: an id from a stale conversation cannot reach another plan's.
    const where = { id: item.id, planId };
    switch (item.part) {
      case "steps":
        return (await client.planStep.updateMany({ where, data: { text: item.text, horizon: item.horizon } })).count > 0;
      case "tasks":
        return (await client.task.updateMany({ where, data: { title: item.title, ownerId: item.ownerId, dueAt: item.dueAt, horizon: item.horizon } })).count > 0;
      case "objectives":
        return (await client.objective.updateMany({ where, data: { text: item.text } })).count > 0;
      case "indicators":
        return (await client.indicator.updateMany({ where, data: { name: item.name, baseline: item.baseline, target: item.target } })).count > 0;
      case "reviews":
        return (await client.reviewMeeting.updateMany({ where, data: { scheduledFor: item.scheduledFor } })).count > 0;
    }
  }

  async removeItem(planId: number, part: PlanItem["part"], itemId: number): Promise<void> {
    await this.deleteItems(part, { id: itemId, planId });
  }

  /** Deletes a plan's items of one part: all of them, or the one whose id `where` names. */
  private async deleteItems(part: PlanItem["part"], where: { planId: number; id?: number }): Promise<void> {
    const client = this.db.client;
    switch (part) {
      case "steps":
        await client.planStep.deleteMany({ where });
        return;
      case "tasks":
        await client.task.deleteMany({ where });
        return;
      case "objectives":
        await client.objective.deleteMany({ where });
        return;
      case "indicators":
        await client.indicator.deleteMany({ where });
        return;
      case "reviews":
        await client.reviewMeeting.deleteMany({ where });
        return;
    }
  }

  /** `approvedAt` records when the plan was approved, and is cleared if it leaves that status. */
  async setStatus(planId: number, status: PlanStatus, at: Date): Promise<void> {
    await this.db.client.actionPlan.update({
      where: { id: planId },
      data: { status, approvedAt: status === "approved" ? at : null },
    });
  }

  /** `completedAt` records when the task was done, and is cleared if it is reopened. */
  async setTaskStatus(taskId: number, status: TaskStatus, at: Date): Promise<void> {
    await this.db.client.task.update({
      where: { id: taskId },
      data: { status, updatedAt: at, completedAt: status === "done" ? at : null },
    });
  }
}
