import type { Evaluation, Lesson, ObjectivesMet, Reading, TaskInGroup } from "../../domain/types.ts";
import type { MonitoringRepository, TaskPatch } from "../../flows/ports.ts";
import type { Prisma } from "../generated/sqlite/client.ts";
import type { Connection } from "./connection.ts";
import { decode } from "./decode.ts";
import { toTask } from "./plans.ts";
import { objectivesMet } from "./columns.ts";


const withPlace = { owner: { select: { displayName: true } }, plan: { select: { groupId: true, cycleId: true } } } satisfies Prisma.TaskInclude;
type TaskRow = Prisma.TaskGetPayload<{ include: typeof withPlace }>;

function toTaskInGroup(row: TaskRow): TaskInGroup {
  return { ...toTask(row), groupId: row.plan.groupId, cycleId: row.plan.cycleId };
}

export class PrismaMonitoringRepository implements MonitoringRepository {
  constructor(private readonly db: Connection) {}

  /** Only tasks of approved plans are being carried out; drafts are still being written. */
  async tasksOfCycle(cycleId: number): Promise<TaskInGroup[]> {
    const rows = await this.db.client.task.findMany({
      where: { plan: { cycleId, status: "approved" } },
      include: withPlace,
      orderBy: [{ planId: "asc" }, { id: "asc" }],
    });
    return rows.map(toTaskInGroup);
  }

  /** Selected through the programme, not a list of groups: a list of a thousand ids exceeds SQLite's parameter limit. */
  async tasksInProgrammes(programmeIds: number[]): Promise<TaskInGroup[]> {
    const rows = await this.db.client.task.findMany({
      where: { status: { in: ["open", "doing"] }, plan: { status: "approved", group: { programmeId: { in: programmeIds } } } },
      include: withPlace,
      orderBy: { id: "asc" },
    });
    return rows.map(toTaskInGroup);
  }

  async tasksOwnedBy(personId: number): Promise<TaskInGroup[]> {
    const open = await this.db.client.cycle.findMany({
      where: { closedAt: null, group: { memberships: { some: { personId, leftAt: null } } } },
      select: { id: true },
    });
    const rows = await this.db.client.task.findMany({
      where: { ownerId: personId, plan: { status: "approved", cycleId: { in: open.map((cycle) => cycle.id) } } },
      include: withPlace,
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toTaskInGroup);
  }

  async task(taskId: number): Promise<TaskInGroup | null> {
    const row = await this.db.client.task.findUnique({ where: { id: taskId }, include: withPlace });
    return row === null ? null : toTaskInGroup(row);
  }

  async updateTask(taskId: number, patch: TaskPatch, at: Date): Promise<void> {
    const completedAt = patch.status === undefined ? {} : { completedAt: patch.status === "done" ? at : null };
    // A progress note keeps its own date: marking the task done later must not make the note look newer.
    const progressAt = patch.progress === undefined ? {} : { progressAt: at };
    await this.db.client.task.update({ where: { id: taskId }, data: { ...patch, ...completedAt, ...progressAt, updatedAt: at } });
  }

  async addReading(input: { indicatorId: number; value: number; note: string | null; recordedById: number; at: Date }): Promise<void> {
    const { at, ...reading } = input;
    await this.db.client.indicatorReading.create({ data: { ...reading, recordedAt: at } });
  }

  async readings(indicatorIds: number[]): Promise<Reading[]> {
    const rows = await this.db.client.indicatorReading.findMany({
      where: { indicatorId: { in: indicatorIds } },
      orderBy: [{ recordedAt: "asc" }, { id: "asc" }],
    });
    return rows.map((row) => ({ indicatorId: row.indicatorId, value: row.value, recordedAt: row.recordedAt }));
  }

  /** The planned review closest before (or on) the day it is held is the one held; a review held unplanned is added. */
  holdReview(input: { planId: number; heldAt: Date; notes: string }): Promise<void> {
    const { planId, heldAt, notes } = input;
    return this.db.atomically(async (client) => {
      const planned = await client.reviewMeeting.findFirst({
        where: { planId, heldAt: null, scheduledFor: { lte: heldAt } },
        orderBy: [{ scheduledFor: "desc" }, { id: "desc" }],
      });
      if (planned) await client.reviewMeeting.update({ where: { id: planned.id }, data: { heldAt, notes } });
      else await client.reviewMeeting.create({ data: { planId, scheduledFor: heldAt, heldAt, notes } });
    });
  }

  async addEvaluation(input: {
    planId: number;
    objectivesMet: ObjectivesMet;
    worked: string | null;
    didNotWork: string | null;
    change: string | null;
    createdById: number;
    at: Date;
  }): Promise<void> {
    const { at, ...evaluation } = input;
    await this.db.client.evaluation.create({ data: { ...evaluation, createdAt: at } });
  }

  async evaluations(planIds: number[]): Promise<Evaluation[]> {
    const rows = await this.db.client.evaluation.findMany({ where: { planId: { in: planIds } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return rows.map((row) => ({
      id: row.id,
      planId: row.planId,
      objectivesMet: decode(objectivesMet, row.objectivesMet, `Evaluation ${row.id} objectivesMet`),
      worked: row.worked,
      didNotWork: row.didNotWork,
      change: row.change,
      createdAt: row.createdAt,
    }));
  }

  async addLesson(input: { groupId: number; cycleId: number; planId: number | null; text: string; authorId: number; at: Date }): Promise<Lesson> {
    const { at, ...lesson } = input;
    const row = await this.db.client.lesson.create({ data: { ...lesson, createdAt: at } });
    return toLesson(row);
  }

  async lessons(groupId: number): Promise<Lesson[]> {
    const rows = await this.db.client.lesson.findMany({ where: { groupId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return rows.map(toLesson);
  }
}

function toLesson(row: { id: number; groupId: number; cycleId: number; planId: number | null; text: string; createdAt: Date }): Lesson {
  return { id: row.id, groupId: row.groupId, cycleId: row.cycleId, planId: row.planId, text: row.text, createdAt: row.createdAt };
}
