/**
 * The sweep: delivering scheduled messages (the concern digest, a vote's
 * deadline, review and task reminders, nudges, leaving a group that was
 * never set up).
 *
 * Delivery guarantee: at least once, and once in practice.
 * 1. Due jobs are claimed in batches by one worker, with a lease (the
 *    store's claimDue): another worker cannot take them while the lease
 *    holds. The worker renews the lease while it works (a heartbeat every
 *    third of it), so a sweep slowed down, waiting out a platform's rate
 *    limit, is not taken over by another worker and its messages doubled.
 * 2. In the claim's transaction each fresh job (never tried) counts one
 *    attempt. A job tried before is taken alone: just before its work starts
 *    the worker makes sure it is still its own (a job taken over after a
 *    lapse is left to its new worker) and counts one attempt. Only tries
 *    count: a job claimed by a worker that died before the claim committed
 *    counts none; a job whose batch's worker died before reaching it counts
 *    one it did not cause, once, since from then on it is tried alone. So a
 *    job that kills its worker every time costs each job claimed with it one
 *    try at most, and is itself given up after MAX_ATTEMPTS (in the store).
 * 3. In one transaction for the batch, the fresh jobs' effects happen
 *    (concerns marked shown, a vote closed) and the messages each becomes are
 *    saved with it (its outbox, all in one statement); a job with nothing to
 *    send is marked sent there, and one whose reason is gone cancelled. Each
 *    group's data is read once for the batch (see BatchReads). A job whose
 *    building throws undoes that transaction: the jobs are built again one by
 *    one, and the one at fault stays claimed, to be tried again later.
 * 4. Each job's messages are handed to the platform in turn, once the
 *    worker knows the job is still its own (its lease renewed within half a
 *    lease, or renewed then); once the last was accepted the job is marked sent and its outbox dropped, since it
 *    holds people's names. Marks do not hold the sends up: the jobs handed
 *    over while one mark is being written are marked together by the next
 *    (see SentMarks).
 * A crash after 1, 2 or 3 leaves the jobs claimed: when the lease lapses
 * they are claimed again and their saved outboxes sent, the same messages,
 * not a new rendering (so a vote is not closed twice and a digest not
 * split). No crash loses a message. Only a crash between the platform
 * accepting a job's messages and the job's mark landing can send them twice.
 * That window is one commit long (a few milliseconds on SQLite syncing to
 * disk); when the platform takes messages more slowly than a commit, as its
 * pace makes it do, it holds one job, as when every job was marked on its
 * own; only when the platform is quicker than a commit can it hold several,
 * every job accepted during that commit. A slow send does not widen it: the
 * marks of the jobs before it land while it waits. (Marking each job in a
 * commit of its own, with the next send waiting for it, kept the window to
 * one job whatever the platform's speed, at one disk sync per job: about
 * 2.5 ms each on this machine, 250 ms per 100 jobs, ten times the budget.
 * A worker that is alive but cannot reach the database for a whole lease
 * cannot renew it either: its jobs in progress may then be taken over and
 * sent twice.)
 */
import { z } from "zod";
import type { ScheduledJob } from "../domain/types.ts";
import { DIGEST_JOB } from "./concern.ts";
import { BatchReads } from "./batch-reads.ts";
import { digestOf } from "./digest.ts";
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
 * How many due jobs a sweep claims at a time: as many as it delivered in
 * about HOLD_MS the batch before, between BATCH_MIN and BATCH_MAX. The jobs
 * a worker holds wait for it alone, so while sends are slow (a platform's
 * rate limit) it claims few and leaves the rest to other workers; while they
 * are quick, or a job has nothing to send, it claims many, and a batch's
 * statements and commits are shared by more jobs.
 */
const BATCH_MIN = 10;
const BATCH_MAX = 100;
const HOLD_MS = 1000;

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
  const held = new Held(deps, worker);
  const heartbeat = startHeartbeat(deps, held, options.renewEveryMs ?? deps.store.jobs.leaseMs / 3);
  const marks = new SentMarks(deps, held);
  try {
    let delivered = 0;
    let size = BATCH_MIN;
    for (;;) {
      // No mark may be under way when a transaction opens: on SQLite it would be written inside it.
      await marks.settle();
      const batch = await claimBatch(deps, worker, size, held);
      const started = performance.now();
      for (const job of batch.jobs) {
        try {
          const sent = await deliverOne(deps, send, held, job, batch.built, marks);
          delivered += sent;
        } catch (error) {
          // The job stays claimed, no longer renewed: when its lease lapses it is tried again.
          held.delete(job.id);
          deps.log.error("job-failed", { job: job.id, kind: job.kind, ...describeError(error) });
        }
      }
      if (batch.jobs.length < size) return delivered;
      const perJobMs = (performance.now() - started) / batch.jobs.length;
      size = Math.max(BATCH_MIN, Math.min(BATCH_MAX, Math.floor(HOLD_MS / Math.max(perJobMs, 1e-3))));
    }
  } finally {
    await marks.settle();
    await heartbeat.stop();
  }
}

/**
 * A claimed batch: its jobs, oldest due first, and what the fresh ones
 * became (by job id): their messages, saved as their outbox. A fresh job
 * missing there was finished in the batch's transaction (nothing to send, or
 * cancelled) or failed to be built.
 */
interface Batch {
  jobs: ScheduledJob[];
  built: ReadonlyMap<number, Outbound[] | "done">;
}

/**
 * Claims up to `limit` due jobs and counts one attempt for each fresh one
 * (never tried), in one transaction; then builds the fresh ones together in
 * a second (see `build`). A job tried before is left to `deliverOne`, alone.
 */
async function claimBatch(deps: Deps, worker: string, limit: number, held: Held): Promise<Batch> {
  const { jobs, begun, at } = await deps.store.transaction(async (store) => {
    const now = deps.clock.now();
    const claimed = await store.jobs.claimDue(now, worker, limit);
    const fresh = claimed.filter((job) => job.attempts === 0).map((job) => job.id);
    return { jobs: claimed, begun: new Set(await store.jobs.beginAttempts(fresh, worker, now)), at: now };
  });
  held.add(jobs.map((job) => job.id), at);
  const fresh = jobs.filter((job) => begun.has(job.id));
  return { jobs, built: await build(deps, worker, fresh) };
}

/**
 * Builds these jobs (already claimed, each try counted) in one transaction:
 * their effects, their messages saved as outboxes in one statement, those
 * with nothing to send marked sent and those no longer applying cancelled.
 * A job whose building throws undoes the whole transaction: the jobs are
 * then built again one by one, so that only the one at fault is left (and
 * logged), still claimed, for a later try.
 */
async function build(deps: Deps, worker: string, jobs: ScheduledJob[]): Promise<Map<number, Outbound[] | "done">> {
  if (jobs.length === 0) return new Map();
  try {
    return await deps.store.transaction((store) => buildTogether(deps, store, worker, jobs));
  } catch (error) {
    const [only] = jobs;
    if (jobs.length === 1 && only) {
      deps.log.error("job-failed", { job: only.id, kind: only.kind, ...describeError(error) });
      return new Map();
    }
    const built = new Map<number, Outbound[] | "done">();
    for (const job of jobs) for (const [id, messages] of await build(deps, worker, [job])) built.set(id, messages);
    return built;
  }
}

async function buildTogether(deps: Deps, store: Store, worker: string, claimed: readonly ScheduledJob[]): Promise<Map<number, Outbound[] | "done">> {
  const now = deps.clock.now();
  // Still this worker's (its lease renewed): a job taken over since is left to its new worker.
  const ours = new Set(await store.jobs.renewClaims(claimed.map((job) => job.id), worker, now));
  const jobs = claimed.filter((job) => ours.has(job.id));
  const reads = new BatchReads(store);
  const built = new Map<number, Outbound[] | "done">();
  const outboxes = new Map<number, unknown[]>();
  const cancelled: number[] = [];
  for (const job of jobs) {
    const messages = job.outbox ? outboxSchema.parse(job.outbox) : await render(deps, reads, job, now);
    // A reminder whose reason is gone was cancelled, not sent.
    if (messages === null) cancelled.push(job.id);
    built.set(job.id, messages === null || messages.length === 0 ? "done" : messages);
    if (messages !== null && messages.length > 0) outboxes.set(job.id, z.encode(outboxSchema, messages));
  }
  await reads.finish(now);
  await store.jobs.cancel(cancelled);
  await store.jobs.markSent(
    jobs.filter((job) => built.get(job.id) === "done" && !cancelled.includes(job.id)).map((job) => job.id),
    now,
  );
  await store.jobs.saveOutboxes(outboxes);
  return built;
}

/**
 * Sends one claimed job's messages, and has it marked sent; returns how many
 * it sent. A fresh job was built with its batch; a job tried before is taken
 * alone: its try counted (unless another worker has taken it over since),
 * then its saved outbox sent, or, if it has none, built on its own.
 */
async function deliverOne(deps: Deps, send: Send, held: Held, job: ScheduledJob, built: Batch["built"], marks: SentMarks): Promise<number> {
  let outbox: Outbound[] | "done" | undefined = built.get(job.id);
  if (job.attempts > 0) {
    await marks.settle();
    if (!(await deps.store.jobs.beginAttempt(job.id, held.worker, deps.clock.now()))) outbox = "done";
    else outbox = job.outbox ? outboxSchema.parse(job.outbox) : (await build(deps, held.worker, [job])).get(job.id);
  } else if (outbox !== undefined && outbox !== "done" && !(await held.stillOurs(job.id))) {
    // Its lease lapsed while earlier sends waited, and another worker took it over: it is theirs to send.
    outbox = "done";
  }
  // Finished in its batch's transaction, not ours any more, or not built (and logged): nothing to send.
  if (outbox === undefined || outbox === "done") {
    marks.release(job.id);
    return 0;
  }
  for (const message of outbox) await sendOrGiveUp(deps, send, job, message);
  marks.add(job.id);
  return outbox.length;
}

/**
 * Marks jobs sent as their messages go out, without making the sends wait:
 * a job is handed over once its last message was accepted, and written with
 * every other handed over meanwhile, in one statement, as soon as the event
 * loop turns and the mark before has landed (a group commit). When a send
 * waits on the platform, as a real one does, the job before it is marked on
 * its own while it waits; sends quicker than that (a platform answering at
 * once) are marked together. A job leaves `held` (the heartbeat's) once
 * marked. A mark that fails is logged: its jobs stay claimed and are sent
 * again after their lease.
 */
class SentMarks {
  private waiting: number[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    private readonly deps: Deps,
    private readonly held: Held,
  ) {}

  add(jobId: number): void {
    this.waiting.push(jobId);
    // Once the event loop turns: a send that waits on the platform lets it turn at once, so its job is marked
    // during the next send; sends that never wait (a platform quicker than that) are marked together.
    this.writing ??= new Promise((resolve) => setImmediate(resolve)).then(() => this.write());
  }

  /** A held job that needs no mark (finished already, or no longer this worker's). */
  release(jobId: number): void {
    this.held.delete(jobId);
  }

  /** Waits until every job handed over is marked (or its mark failed). */
  async settle(): Promise<void> {
    while (this.writing !== null) await this.writing;
  }

  private async write(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const jobIds = this.waiting;
        this.waiting = [];
        try {
          await this.deps.store.jobs.markSent(jobIds, this.deps.clock.now());
        } catch (error) {
          this.deps.log.error("job-mark-failed", { jobs: jobIds.length, ...describeError(error) });
        }
        for (const id of jobIds) this.held.delete(id);
      }
    } finally {
      this.writing = null;
    }
  }
}

/**
 * The jobs a sweep holds, each with when (on the clock) its lease was last
 * renewed. The heartbeat renews them all; a job found taken over by another
 * worker (its lease lapsed, say while the database could not be reached) is
 * let go. Before a job's sends start, `stillOurs` tells whether it is still
 * this worker's: without a query while its lease surely runs, by renewing
 * it otherwise.
 */
class Held {
  private readonly renewed = new Map<number, number>();

  constructor(
    private readonly deps: Deps,
    readonly worker: string,
  ) {}

  get size(): number {
    return this.renewed.size;
  }

  add(jobIds: readonly number[], at: Date): void {
    for (const id of jobIds) this.renewed.set(id, at.getTime());
  }

  delete(jobId: number): void {
    this.renewed.delete(jobId);
  }

  async renew(): Promise<void> {
    const now = this.deps.clock.now();
    const ids = [...this.renewed.keys()];
    const kept = new Set(await this.deps.store.jobs.renewClaims(ids, this.worker, now));
    // A job marked sent (and let go) meanwhile is not taken back.
    for (const id of ids) {
      if (!this.renewed.has(id)) continue;
      if (kept.has(id)) this.renewed.set(id, now.getTime());
      else this.renewed.delete(id);
    }
  }

  async stillOurs(jobId: number): Promise<boolean> {
    const renewedAt = this.renewed.get(jobId);
    if (renewedAt === undefined) return false;
    const now = this.deps.clock.now();
    if (now.getTime() - renewedAt < this.deps.store.jobs.leaseMs / 2) return true;
    const [kept] = await this.deps.store.jobs.renewClaims([jobId], this.worker, now);
    if (kept === undefined) {
      this.renewed.delete(jobId);
      return false;
    }
    this.renewed.set(jobId, now.getTime());
    return true;
  }
}

/**
 * Renews, every `everyMs` of real time, the lease on the jobs in `held`
 * (the sweep adds and removes them as it goes), with the injected clock's
 * time. `stop` ends it and waits for a renewal under way, so no query runs
 * after the sweep returns. A renewal that fails is logged: the next one
 * tries again, and a job lost meanwhile is found by `stillOurs`. (So a
 * send that never settles holds its job for as long as the process lives.)
 */
function startHeartbeat(deps: Deps, held: Held, everyMs: number): { stop(): Promise<void> } {
  let renewing: Promise<void> | null = null;
  const renew = async (): Promise<void> => {
    try {
      await held.renew();
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

async function render(deps: Deps, reads: BatchReads, job: ScheduledJob, now: Date): Promise<Outbound[] | null> {
  const store = reads.store;
  if (job.kind === RETENTION_JOB) {
    await expireOldData(store, now, deps.settings.retentionDays);
    return [];
  }
  if (job.kind === UNCLAIMED_JOB) return leaveIfUnclaimed(store, job);
  const group = job.groupId === null ? null : await reads.group(job.groupId);
  if (!group) return [];
  const toGroup = (text: string | null): Outbound[] => (text ? [{ to: groupDestination(group), text, locale: group.locale }] : []);
  switch (job.kind) {
    case DIGEST_JOB: {
      const waiting = await reads.takeWaiting(group.id);
      return waiting.length === 0 ? [] : toGroup(await digestOf(deps.texts, group, waiting, (id) => reads.person(id)));
    }
    case VOTE_CLOSE_JOB: {
      const voteId = job.payload["voteId"];
      const vote = typeof voteId === "number" ? await store.votes.get(voteId) : null;
      if (!vote || vote.closedAt !== null) return [];
      const closed = await closeVote(deps, store, vote, group, now, null);
      return closed ? [...toGroup(closed.announcement), ...closed.privately] : [];
    }
    case "review-soon":
    case "review-today":
      return reviewMessage(deps, group, job, now, reads);
    case "task-due-soon":
    case "task-overdue":
    case NUDGE_JOB:
      return taskMessage(deps, group, job, reads);
    default:
      throw new Error(`No handler for scheduled job kind "${job.kind}"`);
  }
}
