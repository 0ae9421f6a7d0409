/**
 * The sweep: delivering scheduled messages (the concern digest, a vote's
 * deadline, review and task reminders, nudges, leaving a group that was
 * never set up).
 *
 * Delivery guarantee: at least once, and once in practice.
 * 1. A due job is claimed by one worker, with a lease (the store's
 *    claimDue): another worker cannot take it while the lease holds.
 * 2. In one transaction its effects happen (concerns marked shown, a vote
 *    closed) and the messages it becomes are saved with it: the outbox.
 * 3. Each message is handed to the platform; when all were sent the job is
 *    marked sent.
 * A crash after 1 or 2 leaves the job claimed: when the lease lapses it is
 * claimed again and its saved outbox is sent, the same messages, not a new
 * rendering (so a vote is not closed twice and a digest not split). A crash
 * after 3 changes nothing. Only a crash in the moment between the platform
 * accepting a message and the job being marked sent can send it twice; no
 * crash loses one.
 */
import { z } from "zod";
import type { ScheduledJob } from "../domain/types.ts";
import { DIGEST_JOB } from "./concern.ts";
import { announceConcerns } from "./digest.ts";
import { choiceSchema, type Outbound } from "./messages.ts";
import type { Store } from "./ports.ts";
import { NUDGE_JOB } from "./reminders.ts";
import { reviewMessage, taskMessage } from "./reminder-messages.ts";
import { closeVote } from "./results.ts";
import { groupDestination, type Deps } from "./turn.ts";
import { VOTE_CLOSE_JOB } from "./vote.ts";
import { describeError } from "./errors.ts";
import { expireOldData } from "./privacy.ts";
import { leaveIfUnclaimed, UNCLAIMED_JOB } from "./arrival.ts";

/** How many due jobs one sweep claims at a time. */
const BATCH = 200;

/**
 * Sends one message on its platform; resolves once the platform has accepted
 * it. Throws {@link Undeliverable} when the platform will never take it.
 */
export type Send = (message: Outbound) => Promise<void>;

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

const outboxSchema = z.array(
  z.object({
    to: z.union([
      z.object({ kind: z.literal("chat"), platform: z.string(), chatId: z.string() }),
      z.object({ kind: z.literal("person"), platform: z.string(), userId: z.string() }),
    ]),
    text: z.string(),
    choices: z.array(choiceSchema).optional(),
    question: z.string().optional(),
    leave: z.boolean().optional(),
  }),
);

/** The daily job that deletes or anonymises data older than the retention period. */
export const RETENTION_JOB = "retention";

/** Delivers every job due by the clock's time; returns how many messages were sent. */
export async function deliverJobs(deps: Deps, send: Send, worker: string): Promise<number> {
  const now = deps.clock.now();
  // Once a day (the key is the day), whichever worker sweeps first.
  await deps.store.jobs.schedule({ kind: RETENTION_JOB, groupId: null, personId: null, dueAt: now, payload: {}, dedupeKey: `${RETENTION_JOB}:${now.toISOString().slice(0, 10)}` });
  let delivered = 0;
  for (;;) {
    const claimed = await deps.store.jobs.claimDue(deps.clock.now(), worker, BATCH);
    for (const job of claimed) {
      try {
        const outbox = job.outbox ? outboxSchema.parse(job.outbox) : await prepare(deps, job);
        for (const message of outbox) await sendOrGiveUp(deps, send, job, message);
        await deps.store.jobs.markSent(job.id, deps.clock.now());
        delivered += outbox.length;
      } catch (error) {
        // The job stays claimed; when its lease lapses it is tried again.
        deps.log.error("job-failed", { job: job.id, kind: job.kind, ...describeError(error) });
      }
    }
    if (claimed.length < BATCH) return delivered;
  }
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

/** Carries out the job's effects and saves the messages it became, in one transaction. */
function prepare(deps: Deps, job: ScheduledJob): Promise<Outbound[]> {
  return deps.store.transaction(async (store) => {
    const messages = await render(deps, store, job, deps.clock.now());
    await store.jobs.saveOutbox(job.id, messages);
    return messages;
  });
}

async function render(deps: Deps, store: Store, job: ScheduledJob, now: Date): Promise<Outbound[]> {
  if (job.kind === RETENTION_JOB) {
    await expireOldData(store, now, deps.settings.retentionDays);
    return [];
  }
  if (job.kind === UNCLAIMED_JOB) return leaveIfUnclaimed(store, job);
  const group = job.groupId === null ? null : await store.groups.get(job.groupId);
  if (!group) return [];
  const toGroup = (text: string | null): Outbound[] => (text ? [{ to: groupDestination(group), text }] : []);
  switch (job.kind) {
    case DIGEST_JOB:
      return toGroup(await announceConcerns(store, deps.texts, group, now));
    case VOTE_CLOSE_JOB: {
      const voteId = job.payload["voteId"];
      const vote = typeof voteId === "number" ? await store.votes.get(voteId) : null;
      if (!vote || vote.closedAt !== null) return [];
      return toGroup(await closeVote(store, deps.texts, vote, group, now, null));
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
