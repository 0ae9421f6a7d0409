import { z } from "zod";
import { join, sqltag as sql } from "@prisma/client/runtime/client";
import type { ScheduledJob } from "../../domain/types.ts";
import type { JobRepository } from "../../flows/ports.ts";
import type { ScheduledJob as ScheduledJobRow } from "../generated/sqlite/client.ts";
import type { Connection } from "./connection.ts";
import { decodeJson, jsonObject } from "./decode.ts";

/**
 * How long a claim holds unless its worker renews it. A job claimed longer
 * ago and never marked sent belongs to a worker that stopped or could not
 * send: it becomes due again, so a crash loses no reminder. (The price: a
 * worker that sent but died before `markSent` makes it send twice.) A worker
 * that is alive renews its claims while it works (the sweep's heartbeat), so
 * a slow sweep is not taken over and doubled by another.
 */
export const CLAIM_LEASE_MS = 15 * 60_000;

/**
 * After this many tries (work started, never marked sent) a job is marked
 * "failed" instead of tried again: a job that kills its worker every time
 * does not come back forever. Claims that never reached the job do not count.
 */
export const MAX_ATTEMPTS = 5;

function toJob(row: ScheduledJobRow): ScheduledJob {
  return {
    id: row.id,
    kind: row.kind,
    groupId: row.groupId,
    personId: row.personId,
    dueAt: row.dueAt,
    payload: decodeJson(jsonObject, row.payload, `ScheduledJob ${row.id} payload`),
    outbox: row.outbox === null ? null : decodeJson(z.array(z.unknown()), row.outbox, `ScheduledJob ${row.id} outbox`),
    attempts: row.attempts,
  };
}

export class PrismaJobRepository implements JobRepository {
  readonly leaseMs = CLAIM_LEASE_MS;

  constructor(private readonly db: Connection) {}

  /**
   * A dedupeKey is taken forever, whatever became of its job: the same
   * reminder is never queued twice. A duplicate is answered with false,
   * without an error that would abort an enclosing transaction.
   */
  async schedule(input: {
    kind: string;
    groupId: number | null;
    personId: number | null;
    dueAt: Date;
    payload: Record<string, unknown>;
    dedupeKey: string | null;
  }): Promise<boolean> {
    const data = { ...input, payload: JSON.stringify(input.payload) };
    if (input.dedupeKey === null) {
      await this.db.client.scheduledJob.create({ data });
      return true;
    }
    const queued = await this.db.client.scheduledJob.findUnique({ where: { dedupeKey: input.dedupeKey }, select: { id: true } });
    if (queued !== null) return false;
    return this.db.insertUnlessDuplicate((client) => client.scheduledJob.create({ data }));
  }

  /**
   * Claims the earliest due jobs (pending, or claimed with a lapsed lease) for
   * `worker`, oldest first.
   *
   * Guarantee: among concurrent callers, each job goes to one caller only.
   * The claim is one conditional update (`... WHERE id IN (...) AND still
   * claimable`): in PostgreSQL a competing update waits for the row and then
   * finds it no longer claimable; in SQLite statements run one at a time. The
   * caller then reads back the rows stamped with its own worker name and
   * `now`, so worker names must be unique among running workers (for
   * example host, process id and a random suffix).
   *
   * Claiming counts no attempt (`beginAttempt` does): a job tried
   * `MAX_ATTEMPTS` times whose last try's lease lapsed is marked failed
   * here, and only such a job.
   */
  async claimDue(now: Date, worker: string, limit: number): Promise<ScheduledJob[]> {
    if (limit <= 0) return [];
    const client = this.db.client;
    const lapsed = new Date(now.getTime() - this.leaseMs);
    await client.scheduledJob.updateMany({
      where: { status: "claimed", claimedAt: { lte: lapsed }, attempts: { gte: MAX_ATTEMPTS } },
      data: { status: "failed" },
    });
    const claimable = {
      dueAt: { lte: now },
      OR: [{ status: "pending" }, { status: "claimed", claimedAt: { lte: lapsed } }],
    };
    const inOrder = [{ dueAt: "asc" as const }, { id: "asc" as const }];
    const candidates = await client.scheduledJob.findMany({ where: claimable, orderBy: inOrder, take: limit, select: { id: true } });
    if (candidates.length === 0) return [];
    const ids = candidates.map((job) => job.id);
    await client.scheduledJob.updateMany({
      where: { id: { in: ids }, ...claimable },
      data: { status: "claimed", claimedBy: worker, claimedAt: now },
    });
    const claimed = await client.scheduledJob.findMany({
      where: { id: { in: ids }, status: "claimed", claimedBy: worker, claimedAt: now },
      orderBy: inOrder,
    });
    return claimed.map(toJob);
  }

  /**
   * One conditional update, so it cannot interleave with another worker's
   * claim: a worker whose lease lapsed and was taken over finds the job
   * stamped with another name and leaves it; otherwise the claim is renewed
   * from `now`, which a competing claim then sees as not lapsed.
   */
  async beginAttempt(jobId: number, worker: string, now: Date): Promise<boolean> {
    const { count } = await this.db.client.scheduledJob.updateMany({
      where: { id: jobId, status: "claimed", claimedBy: worker },
      data: { attempts: { increment: 1 }, claimedAt: now },
    });
    return count === 1;
  }

  async beginAttempts(jobIds: number[], worker: string, now: Date): Promise<number[]> {
    if (jobIds.length === 0) return [];
    const begun = await this.db.client.scheduledJob.updateManyAndReturn({
      where: { id: { in: jobIds }, status: "claimed", claimedBy: worker },
      data: { attempts: { increment: 1 }, claimedAt: now },
      select: { id: true },
    });
    const ids = new Set(begun.map((job) => job.id));
    return jobIds.filter((id) => ids.has(id));
  }

  async renewClaims(jobIds: number[], worker: string, now: Date): Promise<number[]> {
    if (jobIds.length === 0) return [];
    const renewed = await this.db.client.scheduledJob.updateManyAndReturn({
      where: { id: { in: jobIds }, status: "claimed", claimedBy: worker },
      data: { claimedAt: now },
      select: { id: true },
    });
    const ids = new Set(renewed.map((job) => job.id));
    return jobIds.filter((id) => ids.has(id));
  }

  /**
   * One statement for the whole batch (a CASE on the id), where Prisma would
   * write each row with its own: the sweep saves a hundred outboxes at once.
   */
  async saveOutboxes(outboxes: ReadonlyMap<number, unknown[]>): Promise<void> {
    if (outboxes.size === 0) return;
    const entries = [...outboxes];
    const cases = entries.map(([id, outbox]) => sql`WHEN ${id} THEN ${JSON.stringify(outbox)}`);
    const ids = entries.map(([id]) => id);
    await this.db.client.$executeRaw`UPDATE "ScheduledJob" SET "outbox" = CASE "id" ${join(cases, " ")} END WHERE "id" IN (${join(ids)})`;
  }

  async markSent(jobIds: number[], at: Date): Promise<void> {
    if (jobIds.length === 0) return;
    await this.db.client.scheduledJob.updateMany({ where: { id: { in: jobIds } }, data: { status: "sent", sentAt: at, outbox: null } });
  }

  async waiting(groupId: number, kinds: readonly string[]): Promise<ScheduledJob[]> {
    const rows = await this.db.client.scheduledJob.findMany({
      where: { groupId, kind: { in: [...kinds] }, status: { in: ["pending", "claimed"] } },
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toJob);
  }

  async cancel(jobIds: number[]): Promise<number> {
    if (jobIds.length === 0) return 0;
    const { count } = await this.db.client.scheduledJob.updateMany({
      where: { id: { in: jobIds }, status: { in: ["pending", "claimed"] } },
      data: { status: "cancelled", outbox: null, claimedBy: null },
    });
    return count;
  }

  async pendingCount(): Promise<number> {
    return this.db.client.scheduledJob.count({ where: { status: "pending" } });
  }
}
