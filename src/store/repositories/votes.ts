import { z } from "zod";
import type { Ballot, Vote, VoteMethod, VoteOption, VotePurpose } from "../../domain/types.ts";
import type { CastResult, MethodChange, NewVote, VoteRepository } from "../../flows/ports.ts";
import type { Ballot as BallotRow, Vote as VoteRow, VoteOption as VoteOptionRow } from "../generated/sqlite/client.ts";
import type { Connection } from "./connection.ts";
import { decode, decodeJson } from "./decode.ts";
import { lockGroup, lockOpenVote } from "./locks.ts";
import { choices, voteMethod as method, votePurpose as purpose } from "./columns.ts";

const label = z.string();

function toVote(row: VoteRow & { options: VoteOptionRow[] }): Vote {
  return {
    id: row.id,
    groupId: row.groupId,
    cycleId: row.cycleId,
    purpose: decode(purpose, row.purpose, `Vote ${row.id} purpose`),
    method: decode(method, row.method, `Vote ${row.id} method`),
    points: row.points,
    planId: row.planId,
    openedAt: row.openedAt,
    closesAt: row.closesAt,
    closedAt: row.closedAt,
    electorate: row.electorate,
    options: row.options.map(
      (option): VoteOption => ({
        position: option.position,
        concernId: option.concernId,
        label: decode(label, option.label, `VoteOption ${option.id} label`),
      }),
    ),
  };
}

function toBallot(row: BallotRow): Ballot {
  return { voterId: row.voterId, choices: decodeJson(choices, row.choices, `Ballot ${row.id} choices`) };
}

const withOptions = { options: { orderBy: { position: "asc" as const } } };

export class PrismaVoteRepository implements VoteRepository {
  constructor(private readonly db: Connection) {}

  /**
   * Options are numbered from 1 in the given order. Every option's label is
   * stored, a concern's text included, so the ballot keeps the words people
   * voted on even if the concern is edited or merged later.
   */
  open(input: NewVote): Promise<Vote | null> {
    const { options, ...vote } = input;
    return this.db.atomically(async (client) => {
      // Under the group's lock, two facilitators opening at once cannot both succeed.
      await lockGroup(client, vote.groupId);
      if ((await client.vote.count({ where: { groupId: vote.groupId, closedAt: null } })) > 0) return null;
      const row = await client.vote.create({
        data: {
          ...vote,
          options: {
            create: options.map((option, index) => ({ position: index + 1, concernId: option.concernId, label: option.label })),
          },
        },
        include: withOptions,
      });
      return toVote(row);
    });
  }

  async get(voteId: number): Promise<Vote | null> {
    const row = await this.db.client.vote.findUnique({ where: { id: voteId }, include: withOptions });
    return row === null ? null : toVote(row);
  }

  /** A group has at most one open vote: `open` refuses a second. */
  async openFor(groupId: number): Promise<Vote | null> {
    const row = await this.db.client.vote.findFirst({
      where: { groupId, closedAt: null },
      orderBy: [{ openedAt: "desc" }, { id: "desc" }],
      include: withOptions,
    });
    return row === null ? null : toVote(row);
  }

  /** In any cycle, or in `cycleId` only. */
  async lastClosed(groupId: number, purpose: VotePurpose, cycleId?: number): Promise<Vote | null> {
    const row = await this.db.client.vote.findFirst({
      where: { groupId, purpose, closedAt: { not: null }, ...(cycleId === undefined ? {} : { cycleId }) },
      orderBy: [{ closedAt: "desc" }, { id: "desc" }],
      include: withOptions,
    });
    return row === null ? null : toVote(row);
  }

  /**
   * The vote's row is locked first, on the condition that it is still open
   * and its deadline (if any) is after `at`: a `close` running at the same
   * moment either waits for this ballot or is seen to have won. Ballots of one
   * vote are written one after another, so one voter keeps one ballot.
   * An unknown vote answers "closed": there is nothing to vote in. With
   * `filledFor`, a ballot filled in for another method or number of points
   * than the vote has now (changed meanwhile) is refused.
   */
  cast(voteId: number, voterId: number, choices: number[], at: Date, filledFor?: { method: VoteMethod; points: number }): Promise<CastResult> {
    return this.db.atomically(async (client): Promise<CastResult> => {
      if (!(await lockOpenVote(client, voteId, at))) return { kind: "closed" };
      if (filledFor) {
        const now = await client.vote.findUnique({ where: { id: voteId }, select: { method: true, points: true } });
        if (now?.method !== filledFor.method || now.points !== filledFor.points) return { kind: "method-changed" };
      }
      const where = { voteId_voterId: { voteId, voterId } };
      const text = JSON.stringify(choices);
      const existing = await client.ballot.findUnique({ where, select: { id: true } });
      if (existing !== null) {
        await client.ballot.update({ where: { id: existing.id }, data: { choices: text, updatedAt: at } });
        return { kind: "cast", replaced: true };
      }
      await client.ballot.create({ data: { voteId, voterId, choices: text, castAt: at, updatedAt: at } });
      return { kind: "cast", replaced: false };
    });
  }

  /** Under the vote's lock, as `cast` takes it: a ballot and a change of method cannot cross. */
  changeMethod(voteId: number, newMethod: VoteMethod, points: number, at: Date): Promise<MethodChange> {
    return this.db.atomically(async (client): Promise<MethodChange> => {
      if (!(await lockOpenVote(client, voteId, at))) return "closed";
      if ((await client.ballot.count({ where: { voteId } })) > 0) return "has-ballots";
      await client.vote.update({ where: { id: voteId }, data: { method: newMethod, points } });
      return "changed";
    });
  }

  /** One conditional update decides: of two closes at once, one returns true. */
  async close(voteId: number, at: Date): Promise<boolean> {
    const { count } = await this.db.client.vote.updateMany({ where: { id: voteId, closedAt: null }, data: { closedAt: at } });
    return count === 1;
  }

  /** Records who could vote in a closed vote, once: a later call leaves the first figure. */
  async recordElectorate(voteId: number, electorate: number): Promise<void> {
    await this.db.client.vote.updateMany({ where: { id: voteId, closedAt: { not: null }, electorate: null }, data: { electorate } });
  }

  /** In the order they were first cast. */
  async ballots(voteId: number): Promise<Ballot[]> {
    const rows = await this.db.client.ballot.findMany({ where: { voteId }, orderBy: { id: "asc" } });
    return rows.map(toBallot);
  }
}
