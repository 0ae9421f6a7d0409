/**
 * How a vote reads to a person: the ballot with its numbered options and
 * instructions, and the reasons a ballot was not accepted.
 */
import type { BallotRejection } from "../domain/voting.ts";
import type { Vote } from "../domain/types.ts";
import type { Texts } from "./texts.ts";
import { relay } from "../domain/text.ts";
import { choicesOf, lines, numbered, shownLabel } from "./render.ts";
import type { Choice } from "./messages.ts";

export function ballotChoices(texts: Texts, locale: string, vote: Vote): Choice[] {
  return choicesOf(vote.options.map((option) => (vote.method === "approval" ? texts.t(locale, `answers.${option.label}`) : shownLabel(option.label ?? ""))));
}

/** The button under a vote's announcement in the group: it sends the presser their ballot in private (as `/vote` there does). */
export function ballotButton(texts: Texts, locale: string): Choice[] {
  return [{ number: 1, label: texts.t(locale, "vote.buttons.ballot"), answer: "/vote" }];
}

/** What the vote is about: the plan to approve, or the concerns to choose among. */
export function ballotTitle(texts: Texts, locale: string, vote: Vote, subject: string): string {
  return vote.purpose === "plan" ? texts.t(locale, "vote.ballot.plan", { plan: subject }) : texts.t(locale, "vote.ballot.priorities");
}

/**
 * The ballot: what the vote is about, the options, and how to answer. The
 * options are written out, since the ways to answer name them by number
 * (`+2`, `1 1 3`); a question whose choices are the options themselves (yes
 * or no to a plan) is asked with {@link ballotTitle}, and its channel shows
 * the choices.
 */
export function ballotText(texts: Texts, locale: string, vote: Vote, subject: string): string {
  return lines(ballotTitle(texts, locale, vote, subject), "", numbered(ballotChoices(texts, locale, vote)), "", texts.t(locale, `vote.how.${vote.method}`, { count: vote.points }));
}

/** A short, specific reason a ballot was refused. */
export function rejectionText(texts: Texts, locale: string, rejection: BallotRejection): string {
  const { kind: _kind, reason, ...vars } = rejection;
  // A token or option as typed is the person's own words: relayed, like any.
  const shown = Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, typeof value === "string" ? relay(value) : value]));
  return texts.t(locale, `vote.errors.${reason}`, { ...shown, count: "expected" in vars ? vars.expected : undefined });
}
