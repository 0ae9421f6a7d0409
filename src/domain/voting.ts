/**
 * Votes in the "identify and prioritise" step, and the simple approval vote on
 * a plan: reading a ballot, counting ballots, and the numbers a facilitator
 * shows with the result (turnout, which parts of the group took part).
 *
 * Options are numbered 1..n, in the order the group saw them; a ballot is the
 * list of positions a member chose. Everything here is pure: ballots are kept
 * (and replaced when a member votes again) by the caller, and every problem a
 * member can cause comes back as a `rejected` result with a code the flows
 * turn into a localised text.
 */
import { SMALLEST_PART } from "./people.ts";
import { cutGraphemes } from "./text.ts";
import type { VoteMethod } from "./types.ts";

/** In an approval vote the options are fixed: 1 is yes, 2 is no. */
export const APPROVE = 1;
export const REJECT = 2;
const APPROVAL_OPTIONS = 2;
/** The most digits an option number is read with. */
const MAX_OPTION_DIGITS = 6;
/** The most of a wrong token a reply repeats. */
const MAX_TOKEN_SHOWN = 24;

export type BallotRejection =
  | { kind: "rejected"; reason: "empty" }
  | { kind: "rejected"; reason: "not-a-number"; token: string }
  | { kind: "rejected"; reason: "unknown-option"; option: string; optionCount: number }
  | { kind: "rejected"; reason: "wrong-point-count"; expected: number; got: number }
  | { kind: "rejected"; reason: "repeated-option"; option: number }
  | { kind: "rejected"; reason: "one-answer-only"; got: number };

export type BallotResult = { kind: "accepted"; choices: number[] } | BallotRejection;

/**
 * Digits people in Myanmar type, mapped to ASCII: Myanmar (၀-၉) and Shan
 * (႐-႙) digits, and the letter wa (ဝ), which looks exactly like the zero and
 * is routinely typed for it, so "၁ဝ" is read as 10.
 */
function toAsciiDigits(token: string): string {
  return token.replace(/[\u1040-\u1049\u1090-\u1099\u101D]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (code === 0x101d) return "0";
    return String(code >= 0x1090 ? code - 0x1090 : code - 0x1040);
  });
}

/**
 * Reads a text-chat answer ("1 1 3", "2, 1, 3", "၁ ၁ ၃") and checks it like
 * {@link validateBallot}. Numbers may be separated by spaces, commas or the
 * Myanmar comma (၊). The first problem found is reported, in this order:
 * empty answer, a token that is not a whole number, then the rules of
 * {@link validateBallot}, so a typo is named before the count is complained
 * about.
 */
export function parseBallot(text: string, method: VoteMethod, optionCount: number, points: number): BallotResult {
  const tokens = text.split(/[\s,\u104A]+/u).filter((t) => t !== "");
  if (tokens.length === 0) return { kind: "rejected", reason: "empty" };
  const choices: number[] = [];
  for (const token of tokens) {
    const digits = toAsciiDigits(token);
    if (!/^[0-9]+$/.test(digits)) return { kind: "rejected", reason: "not-a-number", token: shown(token) };
    // No ballot has a million options: a longer number is named as typed, not read as a float that has lost its digits.
    if (digits.length > MAX_OPTION_DIGITS) return { kind: "rejected", reason: "unknown-option", option: shown(token), optionCount: method === "approval" ? APPROVAL_OPTIONS : optionCount };
    choices.push(Number.parseInt(digits, 10));
  }
  return validateBallot(choices, method, optionCount, points);
}

/**
 * Checks already-parsed choices (from buttons, or from {@link parseBallot}).
 * - dot: exactly `points` positions, repeats allowed (each one is a point).
 * - ranked: positions from most to least preferred, at least one, no repeats;
 *   a member need not rank every option. `points` is ignored.
 * - approval: exactly one of {@link APPROVE} or {@link REJECT}; `optionCount`
 *   and `points` are ignored.
 * Unknown positions are reported before counts, so the member learns which
 * number was wrong.
 */
export function validateBallot(choices: readonly number[], method: VoteMethod, optionCount: number, points: number): BallotResult {
  if (choices.length === 0) return { kind: "rejected", reason: "empty" };
  const count = method === "approval" ? APPROVAL_OPTIONS : optionCount;
  const unknown = choices.find((c) => !isPosition(c, count));
  if (unknown !== undefined) return { kind: "rejected", reason: "unknown-option", option: String(unknown), optionCount: count };
  switch (method) {
    case "dot":
      if (choices.length !== points) return { kind: "rejected", reason: "wrong-point-count", expected: points, got: choices.length };
      break;
    case "ranked": {
      const repeated = choices.find((c, i) => choices.indexOf(c) !== i);
      if (repeated !== undefined) return { kind: "rejected", reason: "repeated-option", option: repeated };
      break;
    }
    case "approval":
      if (choices.length !== 1) return { kind: "rejected", reason: "one-answer-only", got: choices.length };
      break;
  }
  return { kind: "accepted", choices: [...choices] };
}

/** A token as typed, cut short enough to be named in a reply. */
function shown(token: string): string {
  return cutGraphemes(token, MAX_TOKEN_SHOWN);
}

function isPosition(value: number, optionCount: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= optionCount;
}

export interface Ballot {
  choices: readonly number[];
}

/** One option's place in a result. `rank` runs 1..n with no ties. */
export interface RankedOption {
  position: number;
  score: number;
  rank: number;
}

/** `supporters`: how many members gave the option at least one point. */
export interface DotRankedOption extends RankedOption {
  supporters: number;
}

/**
 * `score` is the votes the option held in the round it won (see
 * {@link IrvRun}); the order comes from the runs, so a later winner may show
 * more votes than an earlier one once the earlier winners' ballots moved on.
 * `firstPreferences` counts ballots that put the option first; `borda` is
 * explained at {@link tally}.
 */
export interface RankedChoiceOption extends RankedOption {
  firstPreferences: number;
  borda: number;
}

/** One counting round: votes per remaining option, ballots that rank none of them. */
export interface IrvRound {
  votes: { position: number; votes: number }[];
  exhausted: number;
  /** The option dropped after this round, or null in the deciding round. */
  eliminated: number | null;
}

/** One instant-runoff count among the options not yet placed. */
export interface IrvRun {
  winner: number;
  rounds: IrvRound[];
}

export type Tally =
  | { method: "dot"; ballots: number; ranking: DotRankedOption[] }
  | { method: "ranked"; ballots: number; ranking: RankedChoiceOption[]; runs: IrvRun[] }
  | { method: "approval"; ballots: number; yes: number; no: number; approved: boolean };

/**
 * Counts the ballots it is given, every one of them: keeping one ballot per
 * member (the latest) is the caller's job. Ballots must have passed
 * {@link validateBallot}; an unknown position here is a bug and throws.
 *
 * Tie-break rules, so that the same ballots always give the same ranking:
 * - dot: more points ranks higher; on equal points, the option more members
 *   gave at least one point to (broad support beats one member's enthusiasm);
 *   then the option raised earlier (lower position).
 * - ranked: instant-runoff finds a winner: each ballot counts for its
 *   highest-ranked option still in the count; an option with more than half
 *   of the ballots still counting, or the last one left, wins; otherwise the
 *   option with the fewest votes is eliminated; on a tie the one with the
 *   lowest Borda score, then the latest raised (highest position). The count
 *   is run again without the winners until every option is placed, so the
 *   top N of the ranking are the group's N priorities. Borda score: a
 *   ballot's first choice earns `optionCount` points, the next one less, and
 *   so on; options left off earn nothing (so ranking an option always helps
 *   it).
 * - approval: approved only if yes outnumbers no; a tie is not approved,
 *   because a plan the group is split on is not yet agreed.
 */
export function tally(method: VoteMethod, optionCount: number, ballots: readonly Ballot[]): Tally {
  const count = method === "approval" ? APPROVAL_OPTIONS : optionCount;
  for (const ballot of ballots) {
    const bad = ballot.choices.find((c) => !isPosition(c, count));
    if (bad !== undefined) throw new RangeError(`Ballot names option ${bad} but the vote has options 1..${count}; validate ballots before counting them.`);
  }
  switch (method) {
    case "dot":
      return { method, ballots: ballots.length, ranking: tallyDot(optionCount, ballots) };
    case "ranked":
      return { method, ballots: ballots.length, ...tallyRanked(optionCount, ballots) };
    case "approval": {
      const yes = ballots.filter((b) => b.choices[0] === APPROVE).length;
      const no = ballots.filter((b) => b.choices[0] === REJECT).length;
      return { method, ballots: ballots.length, yes, no, approved: yes > no };
    }
  }
}

function positions(optionCount: number): number[] {
  return Array.from({ length: optionCount }, (_, i) => i + 1);
}

function tallyDot(optionCount: number, ballots: readonly Ballot[]): DotRankedOption[] {
  return positions(optionCount)
    .map((position) => ({
      position,
      score: ballots.reduce((sum, b) => sum + b.choices.filter((c) => c === position).length, 0),
      supporters: ballots.filter((b) => b.choices.includes(position)).length,
    }))
    .sort((a, b) => b.score - a.score || b.supporters - a.supporters || a.position - b.position)
    .map((option, i) => ({ ...option, rank: i + 1 }));
}

function tallyRanked(optionCount: number, ballots: readonly Ballot[]): { ranking: RankedChoiceOption[]; runs: IrvRun[] } {
  const borda = new Map(positions(optionCount).map((p) => [p, 0]));
  const first = new Map(positions(optionCount).map((p) => [p, 0]));
  for (const { choices } of ballots) {
    choices.forEach((c, i) => borda.set(c, (borda.get(c) ?? 0) + optionCount - i));
    if (choices[0] !== undefined) first.set(choices[0], (first.get(choices[0]) ?? 0) + 1);
  }
  const runs: IrvRun[] = [];
  const ranking: RankedChoiceOption[] = [];
  let unplaced = positions(optionCount);
  while (unplaced.length > 0) {
    const run = instantRunoff(unplaced, ballots, borda);
    const deciding = run.rounds[run.rounds.length - 1];
    const score = deciding?.votes.find((v) => v.position === run.winner)?.votes ?? 0;
    runs.push(run);
    ranking.push({ position: run.winner, score, rank: ranking.length + 1, firstPreferences: first.get(run.winner) ?? 0, borda: borda.get(run.winner) ?? 0 });
    unplaced = unplaced.filter((p) => p !== run.winner);
  }
  return { ranking, runs };
}

function instantRunoff(candidates: readonly number[], ballots: readonly Ballot[], borda: ReadonlyMap<number, number>): IrvRun {
  const remaining = new Set(candidates);
  const rounds: IrvRound[] = [];
  for (;;) {
    const votes = new Map([...remaining].map((p) => [p, 0]));
    let exhausted = 0;
    for (const { choices } of ballots) {
      const top = choices.find((c) => remaining.has(c));
      if (top === undefined) exhausted += 1;
      else votes.set(top, (votes.get(top) ?? 0) + 1);
    }
    const active = ballots.length - exhausted;
    const counts = [...votes].map(([position, v]) => ({ position, votes: v })).sort((a, b) => a.position - b.position);
    const majority = counts.find((c) => c.votes * 2 > active);
    const winner = majority?.position ?? (remaining.size === 1 ? counts[0]?.position : undefined);
    if (winner !== undefined) {
      rounds.push({ votes: counts, exhausted, eliminated: null });
      return { winner, rounds };
    }
    const weakest = [...counts].sort(
      (a, b) => a.votes - b.votes || (borda.get(a.position) ?? 0) - (borda.get(b.position) ?? 0) || b.position - a.position,
    )[0];
    // At least two options remain here, so there is always one to eliminate.
    if (weakest === undefined) throw new Error("instant-runoff called without candidates");
    rounds.push({ votes: counts, exhausted, eliminated: weakest.position });
    remaining.delete(weakest.position);
  }
}

export interface Turnout {
  cast: number;
  eligible: number;
  /** Whole percent, rounded down so that "100%" means everyone voted; 0 when nobody is eligible. */
  percent: number;
}

export function turnout(ballotsCast: number, eligibleMembers: number): Turnout {
  const percent = eligibleMembers > 0 ? Math.floor((ballotsCast * 100) / eligibleMembers) : 0;
  return { cast: ballotsCast, eligible: eligibleMembers, percent };
}

/**
 * Who could vote: the one rule for a vote's turnout, wherever it is shown.
 *
 * The electorate is the group's members when the vote closed, plus everyone
 * whose ballot counts but who was no longer a member by then (a member who
 * left after voting, or was forgotten: a forgotten voter's ballot stays, with
 * no voter). So every counted ballot is one of the electorate, and turnout is
 * never above 100%. The figure is recorded on the vote when it closes
 * (`Vote.electorate`): members who leave, join or are forgotten later do not
 * change it. While a vote is open, and for a vote closed before the figure
 * was recorded, it is worked out the same way from the members now.
 */
export function electorate(memberIds: readonly number[], ballots: readonly { voterId: number | null }[]): number {
  const members = new Set(memberIds);
  return members.size + ballots.filter((b) => b.voterId === null || !members.has(b.voterId)).length;
}

/** A vote's turnout by {@link electorate}: the figure recorded at close, or worked out from the members now. */
export function voteTurnout(recorded: number | null, memberIds: readonly number[], ballots: readonly { voterId: number | null }[]): Turnout {
  // Never fewer than the ballots counted, whatever was recorded: turnout stays at most 100%.
  return turnout(ballots.length, Math.max(recorded ?? electorate(memberIds, ballots), ballots.length));
}

/** Only the self-description matters here: results are counts, never names. */
export interface Participant {
  selfDescription: readonly string[] | null;
}

export interface Participation {
  /** One entry per tag carried by at least one member, sorted by tag. */
  tags: { tag: string; members: number; voted: number }[];
  /** Members who left the self-description out (null or empty), and how many of them voted. */
  undescribed: { members: number; voted: number };
}

/**
 * Which parts of the group took part in a vote, so a facilitator can see who
 * is missing (the spec's representativeness). Tags are opaque; a tag carried
 * twice by one person counts once. Tags seen only among voters (a member who
 * left after voting) are not listed, since there is no group size to compare
 * them with. Sorting is by UTF-16 code units, not locale, so every server
 * prints the same order.
 */
export function participation(voters: readonly Participant[], members: readonly Participant[]): Participation {
  const memberCounts = countTags(members);
  const voterCounts = countTags(voters);
  const tags = [...memberCounts.tags]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([tag, count]) => ({ tag, members: count, voted: voterCounts.tags.get(tag) ?? 0 }));
  return { tags, undescribed: { members: memberCounts.undescribed, voted: voterCounts.undescribed } };
}

function countTags(people: readonly Participant[]): { tags: Map<string, number>; undescribed: number } {
  const tags = new Map<string, number>();
  let undescribed = 0;
  for (const { selfDescription } of people) {
    if (selfDescription === null || selfDescription.length === 0) undescribed += 1;
    for (const tag of new Set(selfDescription ?? [])) tags.set(tag, (tags.get(tag) ?? 0) + 1);
  }
  return { tags, undescribed };
}

/**
 * The part of a vote's participation that may be shown, and only to the
 * facilitator, in private: no part of fewer than {@link SMALLEST_PART}
 * members, and none whose members all voted when every ballot was the same,
 * since that, with the result, tells how each of them voted. (A part where
 * nobody voted tells only who did not.)
 */
export function showableParticipation(parts: Participation, method: VoteMethod, ballots: readonly Ballot[]): Participation {
  const first = ballots[0]?.choices ?? [];
  const alike = ballots.length > 0 && ballots.every((ballot) => sameChoices(method, ballot.choices, first));
  const showable = (part: { members: number; voted: number }) => part.members >= SMALLEST_PART && !(alike && part.voted === part.members);
  return {
    tags: parts.tags.filter(showable),
    undescribed: showable(parts.undescribed) ? parts.undescribed : { members: 0, voted: 0 },
  };
}

/** Whether two ballots say the same: the same points per option (dot), or the same order (ranked, approval). */
function sameChoices(method: VoteMethod, a: readonly number[], b: readonly number[]): boolean {
  const key = (list: readonly number[]) => (method === "dot" ? [...list].sort((x, y) => x - y) : list).join(",");
  return key(a) === key(b);
}

/**
 * The positions that become priorities: the first `n` of the ranking, in rank
 * order, leaving out options nobody voted for (a concern with no support is not
 * a priority even when there are fewer than `n` supported ones).
 */
export function topPriorities(ranking: readonly RankedOption[], n: number): number[] {
  return [...ranking]
    .sort((a, b) => a.rank - b.rank)
    .filter((option) => option.score > 0)
    .slice(0, Math.max(0, n))
    .map((option) => option.position);
}

/** How an option stood in a vote: points given (dot), or ballots that put it first (ranked). */
export interface Measure {
  unit: "points" | "first-choices";
  count: number;
}

/** One option's place in the result, in ranking order. */
export interface ResultLine {
  rank: number;
  position: number;
  measure: Measure;
}

/** One round of an instant-runoff count that dropped an option: where its ballots went next. */
export interface RunoffRound {
  /** The option dropped, and the votes it held when it was dropped. */
  eliminated: number;
  votes: number;
  /** The options its ballots moved to, with how many each (most first); ballots that ranked none of the rest are `exhausted`. */
  to: { position: number; votes: number }[];
  exhausted: number;
}

/** How one place was decided when no option held more than half of the ballots at first. */
export interface Runoff {
  place: number;
  /** The options placed before, left out of this count. */
  without: number[];
  rounds: RunoffRound[];
  winner: number;
  /** The winner's votes in the deciding round, of `of` ballots still counting. */
  votes: number;
  of: number;
}

export interface VoteResult {
  method: "dot" | "ranked";
  lines: ResultLine[];
  /** Ranked votes only: the places, among the first `places`, that instant runoff decided. */
  runoffs: Runoff[];
}

/**
 * Whether the place a later count (without the places before it) decided is
 * not what the first choices alone would suggest: its winner does not have
 * the most first choices of the options left, or shares the most. Such a
 * place is explained even when it was won in one count, so that a reader
 * sees why it comes before an option with as many first choices or more.
 */
function unlikeFirstChoices(result: Extract<Tally, { method: "ranked" }>, index: number): boolean {
  if (index === 0) return false;
  const placed = new Set(result.runs.slice(0, index).map((run) => run.winner));
  const left = result.ranking.filter((row) => !placed.has(row.position));
  const most = Math.max(...left.map((row) => row.firstPreferences));
  const winner = left.find((row) => row.position === result.runs[index]?.winner);
  return left.length > 1 && (winner?.firstPreferences !== most || left.filter((row) => row.firstPreferences === most).length > 1);
}

/**
 * What a dot or ranked vote's result says, as plain data every channel puts
 * into words the same way (the chat, the summary, every export): each option
 * with its points (dot) or its first choices (ranked), in ranking order; and,
 * for a ranked vote, each of the first `places` that was not won outright,
 * round by round: which option was dropped and where its ballots went.
 */
export function describeResult(result: Exclude<Tally, { method: "approval" }>, places: number): VoteResult {
  if (result.method === "dot") {
    return { method: "dot", lines: result.ranking.map((row) => ({ rank: row.rank, position: row.position, measure: { unit: "points", count: row.score } })), runoffs: [] };
  }
  const lines = result.ranking.map((row): ResultLine => ({ rank: row.rank, position: row.position, measure: { unit: "first-choices", count: row.firstPreferences } }));
  const runoffs: Runoff[] = [];
  result.runs.slice(0, Math.max(0, places)).forEach((run, index) => {
    if (run.rounds.length < 2 && !unlikeFirstChoices(result, index)) return;
    const rounds = run.rounds.slice(0, -1).map((round, i): RunoffRound => {
      const next = run.rounds[i + 1];
      const held = (r: IrvRound | undefined, position: number) => r?.votes.find((v) => v.position === position)?.votes ?? 0;
      const eliminated = round.eliminated ?? 0;
      const to = (next?.votes ?? [])
        .map((v) => ({ position: v.position, votes: v.votes - held(round, v.position) }))
        .filter((v) => v.votes > 0)
        .sort((a, b) => b.votes - a.votes || a.position - b.position);
      return { eliminated, votes: held(round, eliminated), to, exhausted: (next?.exhausted ?? 0) - round.exhausted };
    });
    const deciding = run.rounds[run.rounds.length - 1];
    const votes = deciding?.votes.find((v) => v.position === run.winner)?.votes ?? 0;
    runoffs.push({ place: index + 1, without: result.runs.slice(0, index).map((r) => r.winner), rounds, winner: run.winner, votes, of: result.ballots - (deciding?.exhausted ?? 0) });
  });
  return { method: "ranked", lines, runoffs };
}
