/**
 * The export's words in one language, and the dates in the group's time
 * zone: everything the exports put in front of a reader goes through here.
 */
import { localDate, localDateTime } from "../domain/dates.ts";
import type { Texts } from "../flows/texts.ts";
import type { Horizon, PlanStatus, Step, TaskStatus } from "../domain/types.ts";
import type { GroupReport, ReportEvaluation, ReportTask, ReportVote } from "../domain/report.ts";
import type { Measure, Turnout } from "../domain/voting.ts";
import { isolate, isRightToLeft } from "../domain/direction.ts";
import { measureName, measureText, runoffLines, turnoutText } from "../flows/result-text.ts";

export interface Words {
  /**
   * A text of `locales/<lang>/exports.json`, by its key without the
   * namespace. In a right-to-left language each value put into it that is
   * text (a name, a date) is isolated, so it keeps its own order and leaves
   * the sentence's alone (see `isolate`).
   */
  (key: string, vars?: Record<string, unknown>): string;
  /** A value (a name, a date) to put beside the language's words, isolated as `say` isolates those it puts in. */
  value(text: string): string;
  /** `2025-03-07`: ISO 8601, in the group's time zone, and the same in every language. */
  date(date: Date): string;
  /** `2025-03-07 18:30`, in the group's time zone. */
  dateTime(date: Date): string;
  step(step: Step): string;
  planStatus(status: PlanStatus): string;
  taskStatus(status: TaskStatus): string;
  horizon(horizon: Horizon): string;
  /** What stands for a task's owner when it has none. */
  noOwner(): string;
  /**
   * Who does a task, as a file shared with the group says it: no one is
   * named beside a late task (the facilitator sees who in private);
   * `undefined` for a task with no owner.
   */
  ownerOf(task: Pick<ReportTask, "ownerName" | "overdue">): string | undefined;
  objectivesMet(met: ReportEvaluation["objectivesMet"]): string;
  /** Which cycle the file covers, with its dates: every export says it, so a finished cycle's files are never taken for the current one's. */
  covers(report: Pick<GroupReport, "cycleNumber" | "cycleStartedAt" | "cycleClosedAt">): string;
  yesNo(yes: boolean): string;
  /** A vote's figures in the words the chat uses (src/flows/result-text.ts): "5 points", "2 first choices". */
  measure(measure: Measure): string;
  /** What a vote's numbers count: "Points" or "First choices". */
  measureName(vote: ReportVote): string;
  /** "4 of 5 members voted (80%)." */
  turnout(turnout: Turnout): string;
  /** How instant runoff decided the places it decided; empty when none. */
  runoff(vote: ReportVote): string[];
}

export function wordsFor(texts: Texts, locale: string, timeZone: string): Words {
  const value = isRightToLeft(locale) ? isolate : (text: string) => text;
  // The texts isolate every value they put into a right-to-left sentence themselves (src/i18n.ts).
  const say = (key: string, vars?: Record<string, unknown>): string => texts.t(locale, `exports:${key}`, vars);
  return Object.assign(say, {
    value,
    date: (date: Date) => localDate(date, timeZone),
    dateTime: (date: Date) => localDateTime(date, timeZone),
    // The cycle's steps, a plan's states, horizons and "no owner" read as in the chat: one translation each.
    step: (step: Step) => texts.t(locale, `steps.${step}.name`),
    planStatus: (status: PlanStatus) => texts.t(locale, `plans.status.${status}`),
    taskStatus: (status: TaskStatus) => say(`task-status.${status}`),
    horizon: (horizon: Horizon) => texts.t(locale, `plans.horizon.${horizon}`),
    noOwner: () => texts.t(locale, "plans.no-owner"),
    ownerOf: (task: Pick<ReportTask, "ownerName" | "overdue">) => (task.overdue ? say("task.owner-withheld") : (task.ownerName ?? undefined)),
    objectivesMet: (met: ReportEvaluation["objectivesMet"]) => say(`objectives-met.${met}`),
    yesNo: (yes: boolean) => say(yes ? "yes" : "no"),
    covers: (report: Pick<GroupReport, "cycleNumber" | "cycleStartedAt" | "cycleClosedAt">) =>
      report.cycleClosedAt === null
        ? say("group.covers-current", { cycle: report.cycleNumber, start: localDate(report.cycleStartedAt, timeZone) })
        : say("group.covers-past", { cycle: report.cycleNumber, start: localDate(report.cycleStartedAt, timeZone), end: localDate(report.cycleClosedAt, timeZone) }),
    measure: (measure: Measure) => measureText(texts, locale, measure),
    measureName: (vote: ReportVote) => measureName(texts, locale, vote.result),
    turnout: (turnout: Turnout) => turnoutText(texts, locale, turnout),
    runoff: (vote: ReportVote) => runoffLines(texts, locale, vote.result, (position) => value(optionName(vote)(position))),
  });
}

/** A file names an option by its stored label, with no chat quoting around it. */
function optionName(vote: ReportVote): (position: number) => string {
  return (position) => vote.options[position - 1] ?? String(position);
}
