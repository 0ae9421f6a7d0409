/**
 * The sweep: delivering scheduled messages (the concern digest, a vote's
 * deadline, review and task reminders, nudges, leaving a group that was
 * never set up).
 *
 * Delivery guarantee: at least once, and once in practice.
 * 1. Due jobs are claimed a few at a time by one worker, with a lease (the
 *    store's claimDue): another worker cannot take them while the lease
 *    holds. The worker renews the lease while it works (a heartbeat every
 *    third of it), so a sweep slowed down, waiting out a platform's rate
 *    limit, is not taken over by another worker and its messages doubled.
 * 2. Just before a job's work starts, the worker makes sure the job is still
 *    its own (a job taken over after a lapse is left to its new worker) and
 *    counts one attempt. Only tries count: a job claimed by workers that
 *    died before reaching it is never given up, one that was tried
 *    MAX_ATTEMPTS times (in the store) is.
 * 3. In one transaction its effects happen (concerns marked shown, a vote
 *    closed) and the messages it becomes are saved with it: the outbox.
 * 4. Each message is handed to the platform; when all were sent the job is
 *    marked sent and its outbox dropped, since it holds people's names.
 * A crash after 1, 2 or 3 leaves the job claimed: when the lease lapses it
 * is claimed again and its saved outbox is sent, the same messages, not a
 * new rendering (so a vote is not closed twice and a digest not split). A
 * crash after 4 changes nothing. Only a crash in the moment between the
 * platform accepting a message and the job being marked sent can send it
 * twice; no crash loses one. (A worker that is alive but cannot reach the
 * database for a whole lease cannot renew it either: its job in progress
 * may then be taken over and sent twice.)
 */
import { z } from "zod";
import type { ScheduledJob } from "../domain/types.ts";
import { DIGEST_JOB } from "./concern.ts";
import { announceConcerns } from "./digest.ts";
import { storedOutboundSchema, type Outbound } from "./messages.ts";
import type { SentRef } from "./channel.ts";
import type { Store } from "./ports.ts";
import { NUDGE_JOB } from "./reminders.ts";
import { reviewMessage, taskMessage } from "./reminder-messages.ts";
import { closeVote } from "./results.ts";
import { groupDestination, type Deps } from "./turn.ts";
import { VOTE_CLOSE_JOB } from "./vote.ts";
import { describeError } from "./errors.ts";
import { expireOldData } from "./privacy.ts";
import { leaveIfUnclaimed, UNCLAIMED_JOB } from "./arrival.ts";

/**
 * How many due jobs one sweep claims at a time. Few: the jobs a worker holds
 * wait for it alone, so the rest stay free for other workers, and a worker
 * that dies holds few of them until the lease lapses.
 */
const BATCH = 10;

/**
 * Sends one message on its platform; resolves once the platform has accepted
 * it (a channel's `send` is one, and says where the message went). Throws
 * {@link Undeliverable} when the platform will never take it.
 */
export type Send = (message: Outbound) => Promise<SentRef | void>;

/**
 * The platform refuses this message for good: the bot was removed from the
 * chat, or the person blocked it. Trying again cannot help, so a job's
 * message that meets this is given up (and logged) rather than retried.
 */
export class Undeliverable extends Error {
  constructor(reason: string, options?: ErrorOptions) {
    super(reason, options);
    this.name = "Undeliverable";
  }
}

/**
 * A job's saved messages, as JSON: the same schema as every reply, so a
 * message sent again after a crash is the one first rendered, in every
 * field (files' bytes as base64 text; see `storedOutboundSchema`).
 */
export const outboxSchema = z.array(storedOutboundSchema);

/** The daily job that deletes or anonymises data older than the retention period. */
export const RETENTION_JOB = "retention";

/** How a sweep paces itself; production uses the defaults. */
export interface DeliveryOptions {
  /**
   * How often, in real time, the sweep renews the lease on the jobs it
   * holds. By default a third of the store's lease, which is measured on the
   * injected clock: a test whose clock runs faster than real time renews
   * faster by as much.
   */
  renewEveryMs?: number;
}

/** Delivers every job due by the clock's time; returns how many messages were sent. */
export async function deliverJobs(deps: Deps, send: Send, worker: string, options: DeliveryOptions = {}): Promise<number> {
  const now = deps.clock.now();
  // Once a day (the key is the day), whichever worker sweeps first.
  await deps.store.jobs.schedule({ kind: RETENTION_JOB, groupId: null, personId: null, dueAt: now, payload: {}, dedupeKey: `${RETENTION_JOB}:${now.toISOString().slice(0, 10)}` });
  const held = new Set<number>();
  const heartbeat = startHeartbeat(deps, worker, held, options.renewEveryMs ?? deps.store.jobs.leaseMs / 3);
  try {
    let delivered = 0;
    for (;;) {
      const claimed = await deps.store.jobs.claimDue(deps.clock.now(), worker, BATCH);
      for (const job of claimed) held.add(job.id);
      for (const job of claimed) {
        try {
          delivered += await deliverOne(deps, send, worker, job);
        } catch (error) {
          // The job stays claimed, no longer renewed: when its lease lapses it is tried again.
          deps.log.error("job-failed", { job: job.id, kind: job.kind, ...describeError(error) });
        } finally {
          held.delete(job.id);
        }
      }
      if (claimed.length < BATCH) return delivered;
    }
  } finally {
    await heartbeat.stop();
  }
}

/** Delivers one claimed job, unless another worker has taken it over; returns how many messages it sent. */
async function deliverOne(deps: Deps, send: Send, worker: string, job: ScheduledJob): Promise<number> {
  if (!(await deps.store.jobs.beginAttempt(job.id, worker, deps.clock.now()))) return 0;
  const outbox = job.outbox ? outboxSchema.parse(job.outbox) : await prepare(deps, job);
  // A reminder whose reason is gone was cancelled, not sent.
  if (outbox === null) return 0;
  for (const message of outbox) await sendOrGiveUp(deps, send, job, message);
  await deps.store.jobs.markSent(job.id, deps.clock.now());
  return outbox.length;
}

/**
 * Renews, every `everyMs` of real time, the lease on the jobs in `held`
 * (the sweep adds and removes them as it goes), with the injected clock's
 * time. `stop` ends it and waits for a renewal under way, so no query runs
 * after the sweep returns. A renewal that fails is logged: the next one
 * tries again, and a job lost meanwhile is skipped by `beginAttempt`. (So a
 * send that never settles holds its job for as long as the process lives.)
 */
function startHeartbeat(deps: Deps, worker: string, held: ReadonlySet<number>, everyMs: number): { stop(): Promise<void> } {
  let renewing: Promise<void> | null = null;
  const renew = async (): Promise<void> => {
    try {
      await deps.store.jobs.renewClaims([...held], worker, deps.clock.now());
    } catch (error) {
      deps.log.error("job-lease-renewal-failed", describeError(error));
    }
  };
  const timer = setInterval(() => {
    if (renewing !== null || held.size === 0) return;
    renewing = renew().finally(() => {
      renewing = null;
    });
  }, everyMs);
  // Never what keeps a process alive: the sweep it serves does that.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await renewing;
    },
  };
}

/** Sends one of a job's messages; one the platform will never take is logged and left, so it does not hold the job back forever. */
async function sendOrGiveUp(deps: Deps, send: Send, job: ScheduledJob, message: Outbound): Promise<void> {
  try {
    await send(message);
  } catch (error) {
    if (!(error instanceof Undeliverable)) throw error;
    deps.log.error("job-message-undeliverable", { job: job.id, kind: job.kind, to: message.to.kind, reason: error.message });
  }
}

/**
 * Carries out the job's effects and saves the messages it became, in one
 * transaction; null for a reminder that no longer applies, which is marked
 * cancelled instead.
 */
function prepare(deps: Deps, job: ScheduledJob): Promise<Outbound[] | null> {
  return deps.store.transaction(async (store) => {
    const messages = await render(deps, store, job, deps.clock.now());
    if (messages === null) {
      await store.jobs.cancel([job.id]);
      return null;
    }
    await store.jobs.saveOutbox(job.id, z.encode(outboxSchema, messages));
    return messages;
  });
}

async function render(deps: Deps, store: Store, job: ScheduledJob, now: Date): Promise<Outbound[] | null> {
  if (job.kind === RETENTION_JOB) {
    await expireOldData(store, now, deps.settings.retentionDays);
    return [];
  }
  if (job.kind === UNCLAIMED_JOB) return leaveIfUnclaimed(store, job);
  const group = job.groupId === null ? null : await store.groups.get(job.groupId);
  if (!group) return [];
  const toGroup = (text: string | null): Outbound[] => (text ? [{ to: groupDestination(group), text, locale: group.locale }] : []);
  switch (job.kind) {
    case DIGEST_JOB:
      return toGroup(await announceConcerns(store, deps.texts, group, now));
    case VOTE_CLOSE_JOB: {
      const voteId = job.payload["voteId"];
      const vote = typeof voteId === "number" ? await store.votes.get(voteId) : null;
      if (!vote || vote.closedAt !== null) return [];
      const closed = await closeVote(deps, store, vote, group, now, null);
      return closed ? [...toGroup(closed.announcement), ...closed.privately] : [];
    }
    case "review-soon":
    case "review-today":
      return reviewMessage(deps, store, group, job, now);
    case "task-due-soon":
    case "task-overdue":
    case NUDGE_JOB:
      return taskMessage(deps, store, group, job);
    default:
      throw new Error(`No handler for scheduled job kind "${job.kind}"`);
  }
}
