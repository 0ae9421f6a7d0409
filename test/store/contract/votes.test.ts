import { expect, it } from "vitest";
import type { NewVote, Store } from "../../../src/flows/ports.ts";
import { aGroupInCycle, aPerson, at, describeStore, opened, aNewVote } from "./fixtures.ts";

describeStore("votes", (context) => {
  async function aVote(store: Store, closesAt: Date | null = null) {
    const { group, cycleId } = await aGroupInCycle(store);
    const facilitator = await aPerson(store, "Facilitator");
    const options = [
      { concernId: null, label: "Checkpoint" },
      { concernId: null, label: "Dark road" },
    ];
    const vote = await opened(store.votes.open(aNewVote(group.id, cycleId, facilitator.id, options, { closesAt })));
    return { group, vote };
  }

  it("opens a vote with its options numbered from 1", async () => {
    const { store } = context();
    const { group, vote } = await aVote(store, at("2025-01-08T09:00:00Z"));
    expect(vote).toMatchObject({
      groupId: group.id,
      purpose: "priorities",
      method: "dot",
      points: 3,
      planId: null,
      openedAt: at("2025-01-06T09:00:00Z"),
      closesAt: at("2025-01-08T09:00:00Z"),
      closedAt: null,
      options: [
        { position: 1, concernId: null, label: "Checkpoint" },
        { position: 2, concernId: null, label: "Dark road" },
      ],
    });
    expect(await store.votes.get(vote.id)).toEqual(vote);
    expect(await store.votes.openFor(group.id)).toEqual(vote);
  });

  it("keeps one ballot per voter, replaced until the vote closes", async () => {
    const { store, client } = context();
    const { vote } = await aVote(store);
    const voter = await aPerson(store, "Voter");
    expect(await store.votes.cast(vote.id, voter.id, [1, 1, 2], at("2025-01-06T10:00:00Z"))).toEqual({ kind: "cast", replaced: false });
    expect(await store.votes.cast(vote.id, voter.id, [2, 2, 2], at("2025-01-06T11:00:00Z"))).toEqual({ kind: "cast", replaced: true });
    expect(await store.votes.ballots(vote.id)).toEqual([{ voterId: voter.id, choices: [2, 2, 2] }]);
    expect(await client.ballot.count({ where: { voteId: vote.id } })).toBe(1);
  });

  it("changes an open vote's method only while it has no ballot, and refuses a ballot filled in for the old method", async () => {
    const { store } = context();
    const { vote } = await aVote(store);
    const voter = await aPerson(store, "Voter");
    const before = { method: vote.method, points: vote.points };
    expect(await store.votes.changeMethod(vote.id, "ranked", 1, at("2025-01-06T09:00:00Z"))).toBe("changed");
    expect(await store.votes.get(vote.id)).toMatchObject({ method: "ranked", points: 1 });
    expect(await store.votes.cast(vote.id, voter.id, [1, 1, 2], at("2025-01-06T10:00:00Z"), before)).toEqual({ kind: "method-changed" });
    expect(await store.votes.ballots(vote.id)).toEqual([]);
    expect(await store.votes.cast(vote.id, voter.id, [2, 1], at("2025-01-06T10:00:00Z"), { method: "ranked", points: 1 })).toEqual({ kind: "cast", replaced: false });
    expect(await store.votes.changeMethod(vote.id, "dot", 3, at("2025-01-06T11:00:00Z"))).toBe("has-ballots");
    expect(await store.votes.get(vote.id)).toMatchObject({ method: "ranked", points: 1 });
    await store.votes.close(vote.id, at("2025-01-06T12:00:00Z"));
    expect(await store.votes.changeMethod(vote.id, "dot", 3, at("2025-01-06T13:00:00Z"))).toBe("closed");
  });

  it("keeps the ballots of forgotten voters, several in one vote, without a voter, beside one ballot per voter", async () => {
    const { store, client } = context();
    const { vote } = await aVote(store);
    const [gone, alsoGone, staying] = [await aPerson(store, "Gone"), await aPerson(store, "Also Gone"), await aPerson(store, "Staying")];
    for (const voter of [gone, alsoGone, staying]) await store.votes.cast(vote.id, voter.id, [1, 2, 2], at("2025-01-06T10:00:00Z"));
    // A vote's ballots lose their voter when the voter is forgotten: NULLs never collide in the unique (vote, voter) index.
    await client.ballot.updateMany({ where: { voterId: { in: [gone.id, alsoGone.id] } }, data: { voterId: null } });

    expect(await store.votes.cast(vote.id, staying.id, [2, 2, 2], at("2025-01-06T11:00:00Z"))).toEqual({ kind: "cast", replaced: true });
    expect(await store.votes.ballots(vote.id)).toEqual([
      { voterId: null, choices: [1, 2, 2] },
      { voterId: null, choices: [1, 2, 2] },
      { voterId: staying.id, choices: [2, 2, 2] },
    ]);
  });

  it("refuses a ballot once the vote is closed, keeping the ballots it had", async () => {
    const { store } = context();
    const { group, vote } = await aVote(store);
    const [early, late] = [await aPerson(store, "Early"), await aPerson(store, "Late")];
    await store.votes.cast(vote.id, early.id, [1, 2, 2], at("2025-01-06T10:00:00Z"));
    expect(await store.votes.close(vote.id, at("2025-01-07T09:00:00Z"))).toBe(true);

    expect(await store.votes.cast(vote.id, late.id, [1, 1, 1], at("2025-01-07T09:01:00Z"))).toEqual({ kind: "closed" });
    expect(await store.votes.cast(vote.id, early.id, [1, 1, 1], at("2025-01-07T09:01:00Z"))).toEqual({ kind: "closed" });
    expect(await store.votes.ballots(vote.id)).toEqual([{ voterId: early.id, choices: [1, 2, 2] }]);
    expect(await store.votes.openFor(group.id)).toBeNull();
    expect(await store.votes.lastClosed(group.id, "priorities")).toMatchObject({ id: vote.id, closedAt: at("2025-01-07T09:00:00Z") });
    expect(await store.votes.lastClosed(group.id, "plan")).toBeNull();
  });

  it("closes a vote once: a second close answers false and keeps the first closing time", async () => {
    const { store } = context();
    const { vote } = await aVote(store);
    expect(await store.votes.close(vote.id, at("2025-01-07T09:00:00Z"))).toBe(true);
    expect(await store.votes.close(vote.id, at("2025-01-07T10:00:00Z"))).toBe(false);
    expect((await store.votes.get(vote.id))?.closedAt).toEqual(at("2025-01-07T09:00:00Z"));
  });

  it("records who could vote once the vote is closed, once: not on an open vote, and a second figure does not replace the first", async () => {
    const { store } = context();
    const { vote } = await aVote(store);
    expect(vote.electorate).toBeNull();
    await store.votes.recordElectorate(vote.id, 4);
    expect((await store.votes.get(vote.id))?.electorate).toBeNull();
    await store.votes.close(vote.id, at("2025-01-07T09:00:00Z"));
    await store.votes.recordElectorate(vote.id, 5);
    await store.votes.recordElectorate(vote.id, 3);
    expect((await store.votes.get(vote.id))?.electorate).toBe(5);
  });

  it("refuses a ballot after the deadline, even before anyone closes the vote", async () => {
    const { store } = context();
    const { vote } = await aVote(store, at("2025-01-08T09:00:00Z"));
    const voter = await aPerson(store);
    expect(await store.votes.cast(vote.id, voter.id, [1], at("2025-01-08T08:59:59Z"))).toEqual({ kind: "cast", replaced: false });
    expect(await store.votes.cast(vote.id, voter.id, [2], at("2025-01-08T09:00:00Z"))).toEqual({ kind: "closed" });
  });

  it("answers closed for a vote it does not know", async () => {
    const { store } = context();
    const voter = await aPerson(store);
    expect(await store.votes.cast(987_654, voter.id, [1], at("2025-01-06T10:00:00Z"))).toEqual({ kind: "closed" });
  });

  it("counts a voter once when the same ballot arrives twice at once", async () => {
    const { store, secondWorker } = context();
    const other = await secondWorker();
    const { vote } = await aVote(store);
    const voter = await aPerson(store);
    const results = await Promise.all([
      store.votes.cast(vote.id, voter.id, [1, 1, 2], at("2025-01-06T10:00:00Z")),
      other.votes.cast(vote.id, voter.id, [1, 1, 2], at("2025-01-06T10:00:00Z")),
    ]);
    expect(results.map((result) => result.kind === "cast" && result.replaced).sort()).toEqual([false, true]);
    expect(await store.votes.ballots(vote.id)).toEqual([{ voterId: voter.id, choices: [1, 1, 2] }]);
  });

  it("either counts or refuses a ballot cast while the vote closes, never half of both", async () => {
    const { store, secondWorker } = context();
    const other = await secondWorker();
    const { vote } = await aVote(store);
    const voters = [await aPerson(store, "A"), await aPerson(store, "B"), await aPerson(store, "C")];
    const [closed, ...casts] = await Promise.all([
      store.votes.close(vote.id, at("2025-01-07T09:00:00Z")),
      ...voters.map((voter) => other.votes.cast(vote.id, voter.id, [1], at("2025-01-07T09:00:00Z"))),
    ]);
    expect(closed).toBe(true);
    const counted = voters.filter((_, index) => casts[index]?.kind === "cast").map((voter) => voter.id);
    expect((await store.votes.ballots(vote.id)).map((ballot) => ballot.voterId)).toEqual(counted);
  });

  function secondVote(groupId: number, cycleId: number, openedById: number): NewVote {
    const options = [
      { concernId: null, label: "Bridge" },
      { concernId: null, label: "Goats" },
    ];
    return aNewVote(groupId, cycleId, openedById, options, { openedAt: at("2025-01-06T09:30:00Z") });
  }


  it("keeps one open vote per group: a second is refused until the first closes", async () => {
    const { store } = context();
    const { group, vote } = await aVote(store);
    const facilitator = await aPerson(store, "Facilitator");
    expect(await store.votes.open(secondVote(group.id, vote.cycleId, facilitator.id))).toBeNull();
    expect(await store.votes.openFor(group.id)).toEqual(vote);
    await store.votes.close(vote.id, at("2025-01-07T09:00:00Z"));
    expect(await store.votes.open(secondVote(group.id, vote.cycleId, facilitator.id))).toMatchObject({ groupId: group.id, closedAt: null });
  });

  it("lets only one of two facilitators opening a vote at the same moment succeed", async () => {
    const { store, secondWorker } = context();
    const other = await secondWorker();
    const { group, cycleId } = await aGroupInCycle(store);
    const facilitator = await aPerson(store, "Facilitator");
    const input = secondVote(group.id, cycleId, facilitator.id);
    const results = await Promise.all([store.votes.open(input), other.votes.open(input)]);
    expect(results.filter((result) => result !== null)).toHaveLength(1);
  });
});
