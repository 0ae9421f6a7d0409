/**
 * Closing a vote and telling the group what it decided: the ranking and the
 * turnout; and telling each facilitator, in private, which parts of the
 * group took part, as far as that points at no one (see
 * `showableParticipation`). Used by `closevote` and by a vote's deadline
 * alike.
 */
import { describeResult, electorate, participation, showableParticipation, tally, topPriorities, turnout, voteTurnout, type Participation, type Tally, type Measure, type Turnout, type VoteResult } from "../domain/voting.ts";
import type { Group, Person, Plan, Vote } from "../domain/types.ts";
import { SMALLEST_PART } from "../domain/people.ts";
import { relay } from "../domain/text.ts";
import type { Outbound } from "./messages.ts";
import { localeOf, personDestination, type Deps } from "./turn.ts";
import type { Store } from "./ports.ts";
import { schedulePlan } from "./reminders.ts";
import { lines, priorityLabel, shownLabel } from "./render.ts";
import { rankingLines, runoffLines, turnoutText, type OptionName } from "./result-text.ts";
import type { Texts } from "./texts.ts";

/** How many of the top concerns become priorities. */
export const PRIORITY_COUNT = 3;

/** What an approval vote is about: the plan's priority. */
export async function voteSubject(store: Store, vote: Vote): Promise<string> {
  const plan = vote.planId === null ? null : await store.plans.get(vote.planId);
  return plan ? planSubject(store, plan) : "";
}

/** What a plan is for: its priority, by number and words. */
export async function planSubject(store: Store, plan: Pick<Plan, "cycleId" | "priorityId">): Promise<string> {
  return priorityLabel((await store.priorities.list(plan.cycleId)).find((p) => p.id === plan.priorityId));
}

/** A vote just closed: what the group is told, and what the facilitators are told in private. */
export interface ClosedVote {
  announcement: string;
  privately: Outbound[];
}

/**
 * Closes the vote, acts on the result (priorities, or the plan's approval),
 * and returns what to say about it; null if it was closed already.
 */
export async function closeVote(deps: Pick<Deps, "texts" | "settings">, store: Store, vote: Vote, group: Group, now: Date, actorId: number | null): Promise<ClosedVote | null> {
  const { texts } = deps;
  if (!(await store.votes.close(vote.id, now))) return null;
  const ballots = await store.votes.ballots(vote.id);
  const members = await store.memberships.members(group.id);
  const result = tally(vote.method, vote.options.length, ballots);
  const voters = new Set(ballots.map((b) => b.voterId));
  const memberIds = members.map((m) => m.person.id);
  // Who could vote is settled now: later departures and forgotten voters do not change the turnout.
  const electorateNow = electorate(memberIds, ballots);
  await store.votes.recordElectorate(vote.id, electorateNow);
  const turnoutNow = turnout(ballots.length, electorateNow);
  const parts = showableParticipation(
    participation(
      members.filter((m) => voters.has(m.person.id)).map((m) => ({ selfDescription: m.person.selfDescription })),
      members.map((m) => ({ selfDescription: m.person.selfDescription })),
    ),
    vote.method,
    ballots,
  );
  const t = (key: string, vars?: Record<string, unknown>) => texts.t(group.locale, key, vars);
  const outcome = await applyOutcome(store, vote, group, result, now);
  await store.audit.record({ at: now, actorId, groupId: group.id, action: "vote.closed", entity: "vote", entityId: vote.id, details: { ballots: ballots.length } });
  const announcement = lines(
    t("results.closed"),
    "",
    rankingText(texts, group.locale, vote, result),
    "",
    turnoutText(texts, group.locale, turnoutNow),
    "",
    outcome === "approved" ? t("results.plan-approved") : outcome === "rejected" ? t("results.plan-rejected") : outcome.length > 0 ? t("results.priorities", { list: outcome.join(t("list-separator")) }) : t("results.no-priorities"),
  );
  const facilitators = members.filter((m) => m.role === "facilitator").map((m) => m.person);
  return { announcement, privately: hasParts(parts) ? facilitators.map((person) => breakdown(deps, group, person, parts)) : [] };
}

function hasParts(parts: Participation): boolean {
  return parts.tags.length > 0 || parts.undescribed.members > 0;
}

/** Which parts of the group took part, for one facilitator, in their language. */
function breakdown(deps: Pick<Deps, "texts" | "settings">, group: Group, facilitator: Person, parts: Participation): Outbound {
  const locale = localeOf(facilitator, group, deps.settings);
  const t = (key: string, vars?: Record<string, unknown>) => deps.texts.t(locale, key, vars);
  const who = parts.tags.map((p) => t("results.part", { tag: t(`people.${p.tag}`), voted: p.voted, members: p.members }));
  if (parts.undescribed.members > 0) who.push(t("results.part", { tag: t("results.undescribed"), voted: parts.undescribed.voted, members: parts.undescribed.members }));
  return { to: personDestination(facilitator), locale, text: lines(t("results.who", { group: relay(group.name ?? ""), count: SMALLEST_PART }), ...who.map((line) => `• ${line}`)) };
}

function rankingText(texts: Texts, locale: string, vote: Vote, result: Tally): string {
  if (result.method === "approval") return texts.t(locale, "results.approval", { yes: result.yes, no: result.no });
  return resultText(texts, locale, describeResult(result, PRIORITY_COUNT), chatName(vote));
}

/** The ranking, then how instant runoff decided any place it decided. */
function resultText(texts: Texts, locale: string, result: VoteResult, name: OptionName): string {
  const rounds = runoffLines(texts, locale, result, name);
  return lines(...rankingLines(texts, locale, result, name), ...(rounds.length > 0 ? ["", ...rounds] : []));
}

/** How a chat names a vote's option: its number and words, quoted. */
export function chatName(vote: Vote): OptionName {
  return (position) => shownLabel(vote.options[position - 1]?.label ?? "");
}

/** A closed priorities vote as every channel shows it: its result in words-to-be, and its turnout. */
export interface ShownVote {
  vote: Vote;
  result: VoteResult;
  turnout: Turnout;
}

/** What the vote `shown` counted for a concern: its points or first choices; null when it was no option. */
export function measureOf(shown: ShownVote | null, concernId: number): Measure | null {
  const position = shown?.vote.options.find((o) => o.concernId === concernId)?.position;
  return shown?.result.lines.find((line) => line.position === position)?.measure ?? null;
}

/**
 * The group's last closed priorities vote, counted as at its close, with
 * its turnout by the one rule (`electorate`); null before the first one.
 */
export async function lastPrioritiesVote(store: Store, groupId: number, cycleId?: number): Promise<ShownVote | null> {
  const vote = await store.votes.lastClosed(groupId, "priorities", cycleId);
  if (!vote || vote.method === "approval") return null;
  const ballots = await store.votes.ballots(vote.id);
  const members = vote.electorate === null ? await store.memberships.members(groupId) : [];
  const result = tally(vote.method, vote.options.length, ballots);
  if (result.method === "approval") return null;
  return { vote, result: describeResult(result, PRIORITY_COUNT), turnout: voteTurnout(vote.electorate, members.map((m) => m.person.id), ballots) };
}

/** Priorities from a priorities vote (their concern numbers), or the plan's fate. */
async function applyOutcome(store: Store, vote: Vote, group: Group, result: Tally, now: Date): Promise<"approved" | "rejected" | string[]> {
  if (result.method === "approval") {
    if (vote.planId !== null) {
      await store.plans.setStatus(vote.planId, result.approved ? "approved" : "rejected", now);
      // From approval on, the plan's reviews and tasks are reminded of.
      const plan = result.approved ? await store.plans.get(vote.planId) : null;
      if (plan) await schedulePlan(store, group, plan, now);
    }
    return result.approved ? "approved" : "rejected";
  }
  const top = topPriorities(result.ranking, PRIORITY_COUNT);
  const concernIds = top.map((position) => vote.options[position - 1]?.concernId).filter((id): id is number => typeof id === "number");
  const priorities = await store.priorities.set({ groupId: vote.groupId, cycleId: vote.cycleId, voteId: vote.id, concernIds });
  return priorities.map((p) => `#${p.concernNumber}`);
}
