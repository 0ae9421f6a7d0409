/**
 * The coordinator's overview (`/groups` in private, one line per group of
 * their programme) over GROUPS groups, each with an open cycle, three
 * concerns, and an approved plan with tasks (some late), made with bulk
 * inserts; timed through `baraza.handle` (the whole message: its
 * transaction, the reads, the text), against one plain SQL query reading
 * the same figures (step, open and late tasks) for every group. Median of
 * REPEATS each.
 */
import { performance } from "node:perf_hooks";
import type { Scope } from "../reliability/scope.ts";
import type { Db } from "../store/database.ts";
import { rawSql } from "./raw-sql.ts";
import { SIZES } from "./sizes.ts";
import { median } from "./stats.ts";
import { noErrors, NOW, openWorld } from "./world.ts";

export interface SummaryFigures {
  ms: number;
  msBaseline: number;
}

const REPEATS = 5;
const DAY_MS = 86_400_000;

export async function coordinatorSummary(scope: Scope): Promise<SummaryFigures> {
  const world = await openWorld(scope, "summary");
  const programme = await world.store.programmes.create("Bench programme");
  const coordinator = await world.store.people.identify("telegram", "9000001", "Coordinator", "en");
  await world.store.programmes.addCoordinator(programme.id, coordinator.id);
  await loadGroups(world.database.client, programme.id, coordinator.id);
  const sql = await rawSql(scope, world.url);
  await sql.analyze();

  const timings: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    const replies = await world.baraza.handle({ platform: "telegram", updateId: `summary-${i}`, chat: { id: "9000001", kind: "private" }, sender: { id: "9000001", name: "Coordinator" }, text: "/groups" });
    timings.push(performance.now() - started);
    const text = replies.map((reply) => reply.text).join("\n");
    if (!text.includes(`Group ${SIZES.groups}`)) throw new Error(`summary: the coordinator's overview did not list the ${SIZES.groups} groups`);
  }
  noErrors(world, "summary");

  const baseline: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    const rows = await sql.all(
      `SELECT g."id", g."name", c."step",
              SUM(CASE WHEN t."status" IN ('open', 'doing') THEN 1 ELSE 0 END) AS "open",
              SUM(CASE WHEN t."status" IN ('open', 'doing') AND t."dueAt" < ? THEN 1 ELSE 0 END) AS "late"
         FROM "Group" g
         JOIN "Cycle" c ON c."groupId" = g."id" AND c."closedAt" IS NULL
         LEFT JOIN "ActionPlan" p ON p."cycleId" = c."id" AND p."status" = 'approved'
         LEFT JOIN "Task" t ON t."planId" = p."id"
        WHERE g."programmeId" = ?
        GROUP BY g."id", g."name", c."step"
        ORDER BY "late" DESC, g."name"`,
      [sql.time(NOW), programme.id],
    );
    baseline.push(performance.now() - started);
    if (rows.length !== SIZES.groups) throw new Error(`summary: the baseline query read ${rows.length} groups of ${SIZES.groups}`);
  }
  return { ms: median(timings), msBaseline: median(baseline) };
}

/** Each group: set up, an open cycle in step 4, three concerns, the first a priority with an approved plan of three tasks (one late). */
async function loadGroups(db: Db, programmeId: number, authorId: number): Promise<void> {
  const groups = await db.group.createManyAndReturn({
    data: Array.from({ length: SIZES.groups }, (_, i) => ({ platform: "telegram", chatId: `-100200${i}`, programmeId, name: `Group ${i + 1}`, locale: "en", timeZone: "Asia/Yangon", setupAt: NOW, lastActivityAt: new Date(NOW.getTime() - (i % 30) * DAY_MS) })),
  });
  const cycles = await db.cycle.createManyAndReturn({ data: groups.map((group) => ({ groupId: group.id, number: 1, step: 4, startedAt: NOW })) });
  const concerns = await db.concern.createManyAndReturn({
    data: cycles.flatMap((cycle) => [1, 2, 3].map((number) => ({ groupId: cycle.groupId, cycleId: cycle.id, number, text: `Concern ${number} of group ${cycle.groupId}`, authorId, status: "open" }))),
  });
  const firsts = concerns.filter((concern) => concern.number === 1);
  const priorities = await db.priority.createManyAndReturn({ data: firsts.map((concern) => ({ groupId: concern.groupId, cycleId: concern.cycleId, concernId: concern.id, rank: 1 })) });
  const plans = await db.actionPlan.createManyAndReturn({ data: priorities.map((priority) => ({ groupId: priority.groupId, cycleId: priority.cycleId, priorityId: priority.id, status: "approved", createdById: authorId, approvedAt: NOW })) });
  await db.task.createMany({
    data: plans.flatMap((plan) => [
      { planId: plan.id, title: "Ask for street lights", ownerId: authorId, dueAt: new Date(NOW.getTime() - 3 * DAY_MS), status: "open" },
      { planId: plan.id, title: "Meet the village head", ownerId: authorId, dueAt: new Date(NOW.getTime() + 7 * DAY_MS), status: "doing" },
      { planId: plan.id, title: "Walk the market road together", ownerId: authorId, dueAt: new Date(NOW.getTime() - 10 * DAY_MS), status: "done" },
    ]),
  });
}
