/**
 * Delivering scheduled messages: the concern digest and a vote's deadline.
 *
 * A job is claimed atomically by one worker, turned into messages and marked
 * sent in the same transaction as its effects (concerns marked shown, a vote
 * closed). The messages are handed to the adapter after that commit, so a
 * crash between the commit and the send loses that one message rather than
 * sending it twice: at most once. (Reminders, which need at least once, are
 * built on this in the next stage of work.)
 */
import type { Outbound } from "./messages.ts";
import { DIGEST_JOB } from "./concern.ts";
import { announceConcerns } from "./digest.ts";
import { closeVote } from "./results.ts";
import type { Deps } from "./turn.ts";
import { VOTE_CLOSE_JOB } from "./vote.ts";
import type { ScheduledJob } from "../domain/types.ts";
import type { Store } from "./ports.ts";

/** How many due jobs one sweep takes at a time. */
const BATCH = 200;

export async function deliverJobs(deps: Deps, worker: string): Promise<Outbound[]> {
  const sent: Outbound[] = [];
  for (;;) {
    const now = deps.clock.now();
    const claimed = await deps.store.jobs.claimDue(now, worker, BATCH);
    for (const job of claimed) {
      const messages = await deps.store.transaction(async (store) => {
        const out = await run(deps, store, job, now);
        await store.jobs.markSent(job.id, now);
        return out;
      });
      sent.push(...messages);
    }
    if (claimed.length < BATCH) return sent;
  }
}

async function run(deps: Deps, store: Store, job: ScheduledJob, now: Date): Promise<Outbound[]> {
  const group = job.groupId === null ? null : await store.groups.get(job.groupId);
  if (!group) return [];
  const toGroup = (text: string | null): Outbound[] => (text ? [{ to: { kind: "chat", platform: group.platform, chatId: group.chatId }, text }] : []);
  switch (job.kind) {
    case DIGEST_JOB:
      return toGroup(await announceConcerns(store, deps.texts, group, now));
    case VOTE_CLOSE_JOB: {
      const voteId = job.payload["voteId"];
      const vote = typeof voteId === "number" ? await store.votes.get(voteId) : null;
      if (!vote || vote.closedAt !== null) return [];
      return toGroup(await closeVote(store, deps.texts, vote, group, now, null));
    }
    default:
      throw new Error(`No handler for scheduled job kind "${job.kind}"`);
  }
}
