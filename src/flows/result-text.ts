/**
 * A vote's result and turnout in words: the one wording the close
 * announcement, `priorities`, `summary` and every export use, so a result
 * reads the same wherever it is read. The numbers come from
 * `describeResult` and `voteTurnout` (src/domain/voting.ts); the caller says
 * how an option is named (quoted in a chat, plain in a file).
 */
import type { Measure, Turnout, VoteResult } from "../domain/voting.ts";
import type { Texts } from "./texts.ts";

/** How an option is named where the text is read: by its position on the ballot. */
export type OptionName = (position: number) => string;

/** "5 points" or "2 first choices". */
export function measureText(texts: Texts, locale: string, measure: Measure): string {
  return texts.t(locale, measure.unit === "points" ? "vote.points" : "results.first-choices", { count: measure.count });
}

/** What the numbers of a result count, as a heading or a column: "Points" or "First choices". */
export function measureName(texts: Texts, locale: string, result: Pick<VoteResult, "method">): string {
  return texts.t(locale, result.method === "dot" ? "results.points-heading" : "results.first-choices-heading");
}

/** "4 of 5 members voted (80%)." */
export function turnoutText(texts: Texts, locale: string, turnout: Turnout): string {
  return texts.t(locale, "results.turnout", { cast: turnout.cast, count: turnout.eligible, percent: turnout.percent });
}

/** "1. #2 “Water” — 2 first choices", one line per option, in ranking order. */
export function rankingLines(texts: Texts, locale: string, result: VoteResult, name: OptionName): string[] {
  return result.lines.map((line) => `${line.rank}. ${name(line.position)} — ${measureText(texts, locale, line.measure)}`);
}

/**
 * How instant runoff decided the places it decided, round by round: which
 * option was dropped, where its votes went, and what the winner then held.
 * Empty for a dot vote, and for a ranked vote whose places were all won
 * outright.
 */
export function runoffLines(texts: Texts, locale: string, result: VoteResult, name: OptionName): string[] {
  if (result.runoffs.length === 0) return [];
  const t = (key: string, vars?: Record<string, unknown>) => texts.t(locale, key, vars);
  const out = [t("results.runoff.how")];
  for (const runoff of result.runoffs) {
    out.push(
      runoff.without.length === 0
        ? t("results.runoff.place", { place: runoff.place })
        : t("results.runoff.place-without", { place: runoff.place, without: runoff.without.map(name).join(t("list-separator")) }),
    );
    for (const round of runoff.rounds) {
      const went = round.to.map((to) => t("results.runoff.share", { option: name(to.position), count: to.votes }));
      out.push(
        [
          t("results.runoff.dropped", { option: name(round.eliminated), count: round.votes }),
          went.length > 0 ? t("results.runoff.moved", { list: went.join(t("list-separator")) }) : null,
          round.exhausted > 0 ? t("results.runoff.exhausted", { count: round.exhausted }) : null,
        ]
          .filter((part): part is string => part !== null)
          .join(" "),
      );
    }
    const winner = { option: name(runoff.winner), votes: runoff.votes, count: runoff.of };
    out.push(runoff.votes * 2 > runoff.of ? t("results.runoff.won", winner) : t("results.runoff.last", winner));
  }
  return out;
}
