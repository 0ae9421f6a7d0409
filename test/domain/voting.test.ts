import { describe, expect, it } from "vitest";
import {
  describeResult,
  electorate,
  parseBallot,
  participation,
  showableParticipation,
  tally,
  topPriorities,
  turnout,
  validateBallot,
  voteTurnout,
  type Ballot,
  type Tally,
} from "../../src/domain/voting.ts";

const ballots = (...answers: string[]): Ballot[] =>
  answers.map((a) => ({ choices: a.split(" ").filter((t) => t !== "").map(Number) }));

function ranked(result: Tally) {
  if (result.method !== "ranked") throw new Error(`expected a ranked tally, got ${result.method}`);
  return result;
}

function dot(result: Tally) {
  if (result.method !== "dot") throw new Error(`expected a dot tally, got ${result.method}`);
  return result;
}

const order = (ranking: { position: number }[]) => ranking.map((o) => o.position);

describe("parseBallot", () => {
  describe("dot votes", () => {
    it("reads one number per point, repeats giving an option several points", () => {
      expect(parseBallot("1 1 3", "dot", 4, 3)).toEqual({ kind: "accepted", choices: [1, 1, 3] });
    });

    it("accepts commas and spaces as separators, and ignores surrounding space", () => {
      expect(parseBallot("  1,1 ,  3 ", "dot", 4, 3)).toEqual({ kind: "accepted", choices: [1, 1, 3] });
      expect(parseBallot("1,2,3", "dot", 4, 3)).toEqual({ kind: "accepted", choices: [1, 2, 3] });
    });

    it("rejects too few or too many points, saying how many were expected", () => {
      expect(parseBallot("1 1 3 4", "dot", 4, 3)).toEqual({ kind: "rejected", reason: "wrong-point-count", expected: 3, got: 4 });
      expect(parseBallot("2", "dot", 4, 3)).toEqual({ kind: "rejected", reason: "wrong-point-count", expected: 3, got: 1 });
    });

    it("rejects a number that is not an option, naming it", () => {
      expect(parseBallot("1 5 2", "dot", 4, 3)).toEqual({ kind: "rejected", reason: "unknown-option", option: "5", optionCount: 4 });
      expect(parseBallot("0 1 2", "dot", 4, 3)).toEqual({ kind: "rejected", reason: "unknown-option", option: "0", optionCount: 4 });
    });

    it("rejects a word, a sign or a fraction, naming the token as typed", () => {
      expect(parseBallot("1 two 3", "dot", 4, 3)).toEqual({ kind: "rejected", reason: "not-a-number", token: "two" });
      expect(parseBallot("-1 1 3", "dot", 4, 3)).toEqual({ kind: "rejected", reason: "not-a-number", token: "-1" });
      expect(parseBallot("1.5 1 3", "dot", 4, 3)).toEqual({ kind: "rejected", reason: "not-a-number", token: "1.5" });
    });

    it("names a huge number as typed instead of reading it as a float that lost its digits", () => {
      expect(parseBallot("99999999999999999999", "dot", 4, 1)).toEqual({ kind: "rejected", reason: "unknown-option", option: "99999999999999999999", optionCount: 4 });
      expect(parseBallot("1234567", "ranked", 4, 1)).toMatchObject({ reason: "unknown-option", option: "1234567" });
      const long = "x".repeat(500);
      expect(parseBallot(long, "dot", 4, 1)).toEqual({ kind: "rejected", reason: "not-a-number", token: "x".repeat(24) });
    });

    it("names a typo before complaining about the count or an unknown option", () => {
      expect(parseBallot("9 x", "dot", 4, 3)).toEqual({ kind: "rejected", reason: "not-a-number", token: "x" });
      expect(parseBallot("9", "dot", 4, 3)).toEqual({ kind: "rejected", reason: "unknown-option", option: "9", optionCount: 4 });
    });
  });

  describe("ranked votes", () => {
    it("reads options from most to least preferred, without ranking all of them", () => {
      expect(parseBallot("2 1 3", "ranked", 3, 3)).toEqual({ kind: "accepted", choices: [2, 1, 3] });
      expect(parseBallot("3", "ranked", 3, 3)).toEqual({ kind: "accepted", choices: [3] });
    });

    it("ignores the number of points", () => {
      expect(parseBallot("2 1 3 4", "ranked", 4, 3)).toEqual({ kind: "accepted", choices: [2, 1, 3, 4] });
    });

    it("rejects an option ranked twice, naming it", () => {
      expect(parseBallot("2 1 2", "ranked", 3, 3)).toEqual({ kind: "rejected", reason: "repeated-option", option: 2 });
    });

    it("rejects an unknown option and a non-number", () => {
      expect(parseBallot("2 4", "ranked", 3, 3)).toEqual({ kind: "rejected", reason: "unknown-option", option: "4", optionCount: 3 });
      expect(parseBallot("2 a", "ranked", 3, 3)).toEqual({ kind: "rejected", reason: "not-a-number", token: "a" });
    });
  });

  describe("approval votes", () => {
    it("reads 1 as yes and 2 as no, whatever option count is passed", () => {
      expect(parseBallot("1", "approval", 0, 0)).toEqual({ kind: "accepted", choices: [1] });
      expect(parseBallot("2", "approval", 7, 3)).toEqual({ kind: "accepted", choices: [2] });
    });

    it("rejects any other number and more than one answer", () => {
      expect(parseBallot("3", "approval", 7, 3)).toEqual({ kind: "rejected", reason: "unknown-option", option: "3", optionCount: 2 });
      expect(parseBallot("1 2", "approval", 2, 0)).toEqual({ kind: "rejected", reason: "one-answer-only", got: 2 });
      expect(parseBallot("1 1", "approval", 2, 0)).toEqual({ kind: "rejected", reason: "one-answer-only", got: 2 });
    });
  });

  it("rejects an empty answer, or one that is only separators, for every method", () => {
    for (const method of ["dot", "ranked", "approval"] as const) {
      expect(parseBallot("", method, 3, 3)).toEqual({ kind: "rejected", reason: "empty" });
      expect(parseBallot(" ,, ", method, 3, 3)).toEqual({ kind: "rejected", reason: "empty" });
    }
  });

  describe("digits typed in Myanmar", () => {
    it("reads Burmese digits as ordinary digits", () => {
      expect(parseBallot("၁ ၁ ၃", "dot", 4, 3)).toEqual({ kind: "accepted", choices: [1, 1, 3] });
      expect(parseBallot("၂ ၁ ၃", "ranked", 3, 3)).toEqual({ kind: "accepted", choices: [2, 1, 3] });
      expect(parseBallot("၁၂ ၉", "ranked", 12, 0)).toEqual({ kind: "accepted", choices: [12, 9] });
    });

    it("accepts the Myanmar comma and mixed scripts", () => {
      expect(parseBallot("၁၊၂၊3", "dot", 4, 3)).toEqual({ kind: "accepted", choices: [1, 2, 3] });
    });

    it("reads the letter wa, which looks like zero, as zero inside a number", () => {
      expect(parseBallot("၁ဝ ၁", "ranked", 10, 0)).toEqual({ kind: "accepted", choices: [10, 1] });
    });

    it("reads Shan digits too", () => {
      expect(parseBallot("႑ ႒", "ranked", 3, 0)).toEqual({ kind: "accepted", choices: [1, 2] });
    });

    it("checks Burmese numbers like any other, reporting what was typed", () => {
      expect(parseBallot("၅ ၁ ၁", "dot", 4, 3)).toEqual({ kind: "rejected", reason: "unknown-option", option: "5", optionCount: 4 });
      expect(parseBallot("၁ ကြက်", "dot", 4, 2)).toEqual({ kind: "rejected", reason: "not-a-number", token: "ကြက်" });
    });
  });
});

describe("validateBallot", () => {
  it("applies the same rules to choices that came from buttons", () => {
    expect(validateBallot([1, 1, 3], "dot", 3, 3)).toEqual({ kind: "accepted", choices: [1, 1, 3] });
    expect(validateBallot([1, 3], "dot", 3, 3)).toEqual({ kind: "rejected", reason: "wrong-point-count", expected: 3, got: 2 });
    expect(validateBallot([3, 3], "ranked", 3, 3)).toEqual({ kind: "rejected", reason: "repeated-option", option: 3 });
    expect(validateBallot([2, 1], "approval", 2, 0)).toEqual({ kind: "rejected", reason: "one-answer-only", got: 2 });
  });

  it("rejects no choices at all as empty", () => {
    expect(validateBallot([], "dot", 3, 3)).toEqual({ kind: "rejected", reason: "empty" });
    expect(validateBallot([], "ranked", 3, 3)).toEqual({ kind: "rejected", reason: "empty" });
    expect(validateBallot([], "approval", 2, 0)).toEqual({ kind: "rejected", reason: "empty" });
  });

  it("rejects positions that are not whole numbers in range", () => {
    expect(validateBallot([1.5], "ranked", 3, 0)).toEqual({ kind: "rejected", reason: "unknown-option", option: "1.5", optionCount: 3 });
    expect(validateBallot([-1], "ranked", 3, 0)).toEqual({ kind: "rejected", reason: "unknown-option", option: "-1", optionCount: 3 });
  });

  it("returns a copy, so later changes to the input do not change the ballot", () => {
    const input = [2, 1];
    const result = validateBallot(input, "ranked", 3, 0);
    input.push(3);
    expect(result).toEqual({ kind: "accepted", choices: [2, 1] });
  });
});

describe("tally: dot votes", () => {
  it("ranks options by points and reports who supported each", () => {
    const result = dot(tally("dot", 3, ballots("1 1 3", "3 3 2", "3 1 1")));
    expect(result.ballots).toBe(3);
    expect(result.ranking).toEqual([
      { position: 3, score: 4, supporters: 3, rank: 1 },
      { position: 1, score: 4, supporters: 2, rank: 2 },
      { position: 2, score: 1, supporters: 1, rank: 3 },
    ]);
  });

  it("on equal points, ranks the option more members supported higher, even if raised later", () => {
    const result = dot(tally("dot", 3, ballots("1 1", "2 3", "2 3")));
    expect(result.ranking).toEqual([
      { position: 2, score: 2, supporters: 2, rank: 1 },
      { position: 3, score: 2, supporters: 2, rank: 2 },
      { position: 1, score: 2, supporters: 1, rank: 3 },
    ]);
  });

  it("on equal points and supporters, ranks the option raised earlier higher", () => {
    const result = dot(tally("dot", 3, ballots("3 2", "2 3")));
    expect(result.ranking).toEqual([
      { position: 2, score: 2, supporters: 2, rank: 1 },
      { position: 3, score: 2, supporters: 2, rank: 2 },
      { position: 1, score: 0, supporters: 0, rank: 3 },
    ]);
  });

  it("lists every option even with no ballots, in the order they were raised", () => {
    expect(order(dot(tally("dot", 3, [])).ranking)).toEqual([1, 2, 3]);
    expect(dot(tally("dot", 0, [])).ranking).toEqual([]);
  });

  it("counts every ballot it is given: keeping one per member is the caller's job", () => {
    const before = dot(tally("dot", 2, ballots("1 1", "2 2")));
    const afterReplacing = dot(tally("dot", 2, ballots("1 1", "1 2")));
    const twice = dot(tally("dot", 2, ballots("1 1", "2 2", "2 2")));
    expect(order(before.ranking)).toEqual([1, 2]);
    expect(afterReplacing.ranking[0]).toEqual({ position: 1, score: 3, supporters: 2, rank: 1 });
    expect(twice.ranking[0]).toEqual({ position: 2, score: 4, supporters: 2, rank: 1 });
  });

  it("throws on a ballot naming an unknown option, a bug in the caller", () => {
    expect(() => tally("dot", 2, ballots("1 3"))).toThrow(RangeError);
  });
});

describe("tally: ranked choice (instant-runoff)", () => {
  it("declares a winner in the first round when one option has a majority", () => {
    const result = ranked(tally("ranked", 3, ballots("1 2", "1", "1 3", "2 1", "3 2")));
    expect(result.runs[0]).toEqual({
      winner: 1,
      rounds: [{ votes: [{ position: 1, votes: 3 }, { position: 2, votes: 1 }, { position: 3, votes: 1 }], exhausted: 0, eliminated: null }],
    });
    expect(result.ranking[0]).toMatchObject({ position: 1, score: 3, rank: 1 });
  });

  it("eliminates the option with the fewest votes and moves its ballots to their next choice", () => {
    const result = ranked(tally("ranked", 3, ballots("1", "1", "2", "2", "3 2")));
    expect(result.runs[0]?.rounds).toEqual([
      { votes: [{ position: 1, votes: 2 }, { position: 2, votes: 2 }, { position: 3, votes: 1 }], exhausted: 0, eliminated: 3 },
      { votes: [{ position: 1, votes: 2 }, { position: 2, votes: 3 }], exhausted: 0, eliminated: null },
    ]);
    expect(result.runs[0]?.winner).toBe(2);
  });

  it("ranks every option by counting again without the winners, for choosing the top N", () => {
    const result = ranked(tally("ranked", 3, ballots("1", "1", "2", "2", "3 2")));
    expect(result.ranking).toEqual([
      { position: 2, score: 3, rank: 1, firstPreferences: 2, borda: 8 },
      { position: 1, score: 2, rank: 2, firstPreferences: 2, borda: 6 },
      { position: 3, score: 1, rank: 3, firstPreferences: 1, borda: 3 },
    ]);
    expect(result.runs.map((r) => r.winner)).toEqual([2, 1, 3]);
    expect(topPriorities(result.ranking, 2)).toEqual([2, 1]);
  });

  it("sets aside ballots whose options are all eliminated and needs a majority only of those still counting", () => {
    const result = ranked(tally("ranked", 3, ballots("1", "1", "1", "2", "2", "3")));
    expect(result.runs[0]?.rounds).toEqual([
      { votes: [{ position: 1, votes: 3 }, { position: 2, votes: 2 }, { position: 3, votes: 1 }], exhausted: 0, eliminated: 3 },
      { votes: [{ position: 1, votes: 3 }, { position: 2, votes: 2 }], exhausted: 1, eliminated: null },
    ]);
    expect(result.runs[0]?.winner).toBe(1);
  });

  it("on a tie for fewest votes, eliminates the option with the lower Borda score, even if raised earlier", () => {
    const result = ranked(tally("ranked", 3, ballots("1", "2", "3 2", "3 2")));
    // Borda: option 1 = 3, option 2 = 3 + 2 + 2 = 7.
    expect(result.ranking.map((o) => [o.position, o.borda])).toContainEqual([1, 3]);
    expect(result.ranking.map((o) => [o.position, o.borda])).toContainEqual([2, 7]);
    expect(result.runs[0]?.rounds[0]?.eliminated).toBe(1);
    expect(result.runs[0]?.winner).toBe(3);
  });

  it("on a tie in votes and Borda score, eliminates the option raised latest", () => {
    const result = ranked(tally("ranked", 3, ballots("1", "2", "3", "3")));
    expect(result.runs[0]?.rounds[0]?.eliminated).toBe(2);
    expect(result.runs[0]?.rounds[1]).toEqual({ votes: [{ position: 1, votes: 1 }, { position: 3, votes: 2 }], exhausted: 1, eliminated: null });
  });

  it("resolves a perfect three-way tie deterministically", () => {
    const result = ranked(tally("ranked", 3, ballots("1 2 3", "2 3 1", "3 1 2")));
    expect(result.ranking.map((o) => o.borda)).toEqual([6, 6, 6]);
    expect(result.runs[0]?.rounds.map((r) => r.eliminated)).toEqual([3, null]);
    expect(result.ranking).toEqual([
      { position: 1, score: 2, rank: 1, firstPreferences: 1, borda: 6 },
      { position: 2, score: 2, rank: 2, firstPreferences: 1, borda: 6 },
      { position: 3, score: 3, rank: 3, firstPreferences: 1, borda: 6 },
    ]);
  });

  it("gives options nobody ranked a score of zero, placing them last", () => {
    const result = ranked(tally("ranked", 4, ballots("1 2", "2")));
    expect(result.ranking.map((o) => [o.position, o.score])).toEqual([[2, 2], [1, 1], [3, 0], [4, 0]]);
    expect(topPriorities(result.ranking, 3)).toEqual([2, 1]);
  });

  it("places options in the order they were raised when there are no ballots", () => {
    const result = ranked(tally("ranked", 3, []));
    expect(result.ranking.map((o) => [o.position, o.score])).toEqual([[1, 0], [2, 0], [3, 0]]);
    expect(ranked(tally("ranked", 0, [])).ranking).toEqual([]);
  });

  it("throws on a ballot naming an unknown option, a bug in the caller", () => {
    expect(() => tally("ranked", 3, ballots("4 1"))).toThrow(RangeError);
  });
});

describe("tally: approval", () => {
  function approval(result: Tally) {
    if (result.method !== "approval") throw new Error(`expected an approval tally, got ${result.method}`);
    return result;
  }

  it("approves when yes outnumbers no", () => {
    expect(tally("approval", 2, ballots("1", "1", "2"))).toEqual({ method: "approval", ballots: 3, yes: 2, no: 1, approved: true });
  });

  it("does not approve on a tie", () => {
    expect(approval(tally("approval", 2, ballots("1", "2"))).approved).toBe(false);
    expect(approval(tally("approval", 2, []))).toEqual({ method: "approval", ballots: 0, yes: 0, no: 0, approved: false });
  });

  it("does not approve when no outnumbers yes", () => {
    expect(approval(tally("approval", 2, ballots("2", "2", "1"))).approved).toBe(false);
  });

  it("throws on an answer other than yes or no", () => {
    expect(() => tally("approval", 5, ballots("3"))).toThrow(RangeError);
  });
});

describe("turnout", () => {
  it("gives a whole percent, rounded down", () => {
    expect(turnout(2, 3)).toEqual({ cast: 2, eligible: 3, percent: 66 });
    expect(turnout(1, 3)).toEqual({ cast: 1, eligible: 3, percent: 33 });
  });

  it("says 100 only when everyone voted", () => {
    expect(turnout(5, 5).percent).toBe(100);
    expect(turnout(199, 200).percent).toBe(99);
  });

  it("gives 0 when nobody voted or nobody is eligible", () => {
    expect(turnout(0, 4)).toEqual({ cast: 0, eligible: 4, percent: 0 });
    expect(turnout(0, 0)).toEqual({ cast: 0, eligible: 0, percent: 0 });
  });
});

describe("electorate and voteTurnout", () => {
  const cast = (...voterIds: (number | null)[]) => voterIds.map((voterId) => ({ voterId }));

  it("counts the members, plus every voter who is no longer one (left, or forgotten: no voter)", () => {
    expect(electorate([1, 2, 3, 4], cast(1, 2))).toBe(4);
    expect(electorate([1, 2, 3, 4], cast(1, 2, null, 9))).toBe(6);
    expect(electorate([], cast(null))).toBe(1);
  });

  it("keeps the figure recorded at the close, whoever has left or been forgotten since", () => {
    // Five voted of five; one was forgotten afterwards: four members, five ballots, one without a voter.
    expect(voteTurnout(5, [1, 2, 3, 4], cast(1, 2, 3, 4, null))).toEqual({ cast: 5, eligible: 5, percent: 100 });
    // Members who joined after the close do not lower it either.
    expect(voteTurnout(5, [1, 2, 3, 4, 6, 7], cast(1, 2, 3, 4, null))).toEqual({ cast: 5, eligible: 5, percent: 100 });
  });

  it("works the same rule out from the members now when nothing was recorded, never above 100%", () => {
    expect(voteTurnout(null, [1, 2, 3, 4], cast(1, 2, 3, 4, null))).toEqual({ cast: 5, eligible: 5, percent: 100 });
    expect(voteTurnout(null, [1, 2, 3, 4], cast(1))).toEqual({ cast: 1, eligible: 4, percent: 25 });
    expect(voteTurnout(3, [1], cast(1, null, null, null)).percent).toBe(100);
  });
});

describe("describeResult", () => {
  it("gives a dot vote's points, and no rounds", () => {
    const result = tally("dot", 3, ballots("1 1 3", "3 3 3", "1 2 3"));
    if (result.method === "approval") throw new Error("not a ranking");
    expect(describeResult(result, 3)).toEqual({
      method: "dot",
      lines: [
        { rank: 1, position: 3, measure: { unit: "points", count: 5 } },
        { rank: 2, position: 1, measure: { unit: "points", count: 3 } },
        { rank: 3, position: 2, measure: { unit: "points", count: 1 } },
      ],
      runoffs: [],
    });
  });

  it("gives a ranked vote's first choices, and for a place won by runoff which option was dropped and where its votes went", () => {
    const result = ranked(tally("ranked", 3, ballots("1 2", "1 3", "2 1", "2 3", "3 2")));
    expect(describeResult(result, 3)).toEqual({
      method: "ranked",
      lines: [
        { rank: 1, position: 2, measure: { unit: "first-choices", count: 2 } },
        { rank: 2, position: 1, measure: { unit: "first-choices", count: 2 } },
        { rank: 3, position: 3, measure: { unit: "first-choices", count: 1 } },
      ],
      // Place 2, counted without #2, and place 3, the last one left, were won outright.
      runoffs: [{ place: 1, without: [], rounds: [{ eliminated: 3, votes: 1, to: [{ position: 2, votes: 1 }], exhausted: 0 }], winner: 2, votes: 3, of: 5 }],
    });
  });

  it("explains a later place won in one count when its winner has no more first choices than another option left", () => {
    // The walk-through's vote: one first choice each for #1, #2 and #3; #2 wins place 1 after #3 is dropped.
    // Counted again without #2, #1 has 2 of 3 votes at once: place 2 is #1's, though #3 has as many first choices.
    const result = ranked(tally("ranked", 3, ballots("1 2 3", "2 1 3", "3 2 1")));
    const described = describeResult(result, 3);
    expect(described.lines.map((line) => [line.position, line.measure.count])).toEqual([[2, 1], [1, 1], [3, 1]]);
    expect(described.runoffs.map((r) => [r.place, r.without, r.rounds.length, r.winner, r.votes, r.of])).toEqual([
      [1, [], 1, 2, 2, 3],
      [2, [2], 0, 1, 2, 3],
    ]);
  });

  it("counts ballots that rank none of the options left as no longer counting, and explains later places, up to the ones asked for", () => {
    // Place 1: #4, then #3 are dropped (fewest votes, then lowest Borda score); #1 and #2 tie at 2, and #1, lower by Borda, is dropped.
    const result = ranked(tally("ranked", 4, ballots("1 2", "1 3", "2", "3 2", "4")));
    const described = describeResult(result, 3);
    const first = described.runoffs[0];
    expect(first?.place).toBe(1);
    expect(first?.rounds).toEqual([
      // The ballot for #4 alone ranks nothing else.
      { eliminated: 4, votes: 1, to: [], exhausted: 1 },
      { eliminated: 3, votes: 1, to: [{ position: 2, votes: 1 }], exhausted: 0 },
      { eliminated: 1, votes: 2, to: [{ position: 2, votes: 1 }], exhausted: 1 },
    ]);
    expect(first).toMatchObject({ winner: 2, votes: 3, of: 3 });
    expect(described.runoffs.every((runoff) => runoff.place <= 3)).toBe(true);
    expect(describeResult(result, 1).runoffs.map((runoff) => runoff.place)).toEqual([1]);
    expect(described.runoffs.find((runoff) => runoff.place === 2)?.without).toEqual([2]);
  });
});

describe("participation", () => {
  const women = { selfDescription: ["woman"] };
  const youngWoman = { selfDescription: ["woman", "young"] };
  const man = { selfDescription: ["man"] };
  const silent = { selfDescription: null };
  const blank = { selfDescription: [] };

  it("counts, per tag, the members who carry it and how many of them voted", () => {
    const result = participation([youngWoman, silent], [youngWoman, women, man, silent, blank]);
    expect(result).toEqual({
      tags: [
        { tag: "man", members: 1, voted: 0 },
        { tag: "woman", members: 2, voted: 1 },
        { tag: "young", members: 1, voted: 1 },
      ],
      undescribed: { members: 2, voted: 1 },
    });
  });

  it("reports only undescribed members when nobody described themselves", () => {
    expect(participation([silent], [silent, silent, silent])).toEqual({ tags: [], undescribed: { members: 3, voted: 1 } });
  });

  it("counts a tag once per person even if it is repeated", () => {
    const result = participation([], [{ selfDescription: ["young", "young"] }]);
    expect(result.tags).toEqual([{ tag: "young", members: 1, voted: 0 }]);
  });

  it("ignores tags seen only among voters", () => {
    expect(participation([man], [women]).tags).toEqual([{ tag: "woman", members: 1, voted: 0 }]);
  });

  it("sorts tags by their characters, whatever order the members came in", () => {
    const members = [{ selfDescription: ["လူငယ်"] }, { selfDescription: ["young"] }, { selfDescription: ["Elder"] }];
    const expected = ["Elder", "young", "လူငယ်"];
    expect(participation([], members).tags.map((t) => t.tag)).toEqual(expected);
    expect(participation([], [...members].reverse()).tags.map((t) => t.tag)).toEqual(expected);
  });

  it("handles an empty group", () => {
    expect(participation([], [])).toEqual({ tags: [], undescribed: { members: 0, voted: 0 } });
  });
});

describe("topPriorities", () => {
  const ranking = [
    { position: 4, score: 5, rank: 1 },
    { position: 2, score: 3, rank: 2 },
    { position: 1, score: 0, rank: 3 },
    { position: 3, score: 0, rank: 4 },
  ];

  it("takes the first n positions in rank order", () => {
    expect(topPriorities(ranking, 2)).toEqual([4, 2]);
    expect(topPriorities([...ranking].reverse(), 2)).toEqual([4, 2]);
  });

  it("skips options nobody voted for, even when that leaves fewer than n", () => {
    expect(topPriorities(ranking, 3)).toEqual([4, 2]);
  });

  it("returns nothing for n of zero or less", () => {
    expect(topPriorities(ranking, 0)).toEqual([]);
    expect(topPriorities(ranking, -1)).toEqual([]);
  });

  it("works on a dot tally directly", () => {
    expect(topPriorities(dot(tally("dot", 3, ballots("3 3 1", "3 1 1"))).ranking, 3)).toEqual([1, 3]);
  });
});

describe("showableParticipation", () => {
  const parts = {
    tags: [
      { tag: "man", members: 5, voted: 3 },
      { tag: "woman", members: 1, voted: 1 },
      { tag: "young", members: 3, voted: 3 },
    ],
    undescribed: { members: 2, voted: 1 },
  };

  it("leaves out every part of fewer than three members", () => {
    const shown = showableParticipation(parts, "dot", [{ choices: [1, 1, 2] }, { choices: [2, 2, 1] }]);
    expect(shown.tags.map((p) => p.tag)).toEqual(["man", "young"]);
    expect(shown.undescribed).toEqual({ members: 0, voted: 0 });
  });

  it("leaves out a part whose members all voted when every ballot was the same, which would tell how each voted", () => {
    const alike = [{ choices: [1, 1, 2] }, { choices: [2, 1, 1] }, { choices: [1, 2, 1] }];
    expect(showableParticipation(parts, "dot", alike).tags.map((p) => p.tag)).toEqual(["man"]);
    // In a ranked vote the order is the ballot: different orders are different ballots.
    const ranked = [{ choices: [1, 2] }, { choices: [2, 1] }];
    expect(showableParticipation(parts, "ranked", ranked).tags.map((p) => p.tag)).toEqual(["man", "young"]);
  });
});
