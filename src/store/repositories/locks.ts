/**
 * Row locks through ordinary Prisma writes.
 *
 * A write that changes nothing still takes the row's lock until the
 * transaction ends: in PostgreSQL other writers of that row wait (and, at READ
 * COMMITTED, see the winner's rows once they go on); in SQLite the first write
 * takes the database's write lock. Taking it first, before reading, is what
 * makes a read-then-write (the next concern number, the first cycle, a ballot
 * against a vote that may be closing) safe with several processes.
 * Call these inside a transaction only.
 */
import type { Client } from "./connection.ts";

/** Serialises writers that derive something from a group's rows. */
export async function lockGroup(client: Client, groupId: number): Promise<void> {
  await client.group.updateMany({ where: { id: groupId }, data: { dotPoints: { increment: 0 } } });
}

/** Locks a vote that is still open at `at` (not closed, deadline not passed); false if it is not, or is unknown. */
export async function lockOpenVote(client: Client, voteId: number, at: Date): Promise<boolean> {
  const { count } = await client.vote.updateMany({
    where: { id: voteId, closedAt: null, OR: [{ closesAt: null }, { closesAt: { gt: at } }] },
    data: { points: { increment: 0 } },
  });
  return count === 1;
}

/** Locks a vote whatever its state: whether it is closed cannot change until the transaction ends. */
export async function lockVote(client: Client, voteId: number): Promise<void> {
  await client.vote.updateMany({ where: { id: voteId }, data: { points: { increment: 0 } } });
}
