/**
 * The report as spreadsheets: one CSV file per table, for people who sort,
 * filter and chart the numbers themselves.
 *
 * Each file starts with a byte order mark: without it Excel reads UTF-8 as
 * the Windows code page and Burmese turns into mojibake. Headers are in the
 * reader's language; dates are ISO 8601 in the group's time zone; numbers
 * stay numbers, so a spreadsheet can add them up. A text cell people wrote
 * that a spreadsheet would run as a formula (=, +, -, @, a tab or a return
 * first: "=HYPERLINK(...)" in a concern) starts with an apostrophe instead,
 * so it is shown, never run, on the coordinator's computer.
 */
import { stringify } from "csv-stringify/sync";
import type { GroupReport, ReportVote } from "../domain/report.ts";
import type { Measure, Turnout } from "../domain/voting.ts";
import type { Texts } from "../flows/texts.ts";
import { fileName, type ExportFile } from "./file.ts";
import { wordsFor, type Words } from "./words.ts";

export type CsvFile = ExportFile<"text/csv">;

type Cell = string | number | null;

interface Table {
  /** Part of the file name, and of the locale keys of its headers (`csv.<what>.<column>`). */
  what: string;
  columns: readonly string[];
  rows: Cell[][];
}

/** The cycle covered, priorities, tasks and indicator readings, plus the last vote's full results when there was a vote. */
export function toCsv(report: GroupReport, texts: Texts, locale: string): CsvFile[] {
  const say = wordsFor(texts, locale, report.timeZone);
  const tables = [cycle(report, say), priorities(report), tasks(report, say), indicators(report, say)];
  if (report.lastVote) tables.push(vote(report.lastVote, report.turnout));
  const rounds = report.lastVote ? say.runoff(report.lastVote) : [];
  if (rounds.length > 0) tables.push({ what: "vote-rounds", columns: ["count"], rows: rounds.map((line) => [line]) });
  const date = say.date(report.at);
  return tables.map((table) => ({
    name: fileName(table.what, date, "csv"),
    mime: "text/csv",
    data: new TextEncoder().encode(
      stringify(table.rows, {
        bom: true,
        header: true,
        columns: table.columns.map((column) => ({ key: column, header: say(`csv.${table.what}.${column}`) })),
        // Windows line ends: what Excel writes, and what RFC 4180 asks for.
        record_delimiter: "windows",
        cast: { string: inert },
      }),
    ),
  }));
}

/** A text cell as data, never a formula. */
function inert(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Which cycle the files cover: its number, when it began and ended (empty while it goes on), and the step it reached. */
function cycle(report: GroupReport, say: Words): Table {
  return {
    what: "cycle",
    columns: ["cycle", "start", "end", "step"],
    rows: [[report.cycleNumber, say.date(report.cycleStartedAt), report.cycleClosedAt ? say.date(report.cycleClosedAt) : null, say.step(report.step)]],
  };
}

/** The last column counts what the vote counted: points, or first choices (ranked). */
function priorities(report: GroupReport): Table {
  return {
    what: "priorities",
    columns: ["rank", "concern", "text", unitOf(report.lastVote)],
    rows: report.priorities.map((priority) => [priority.rank, priority.concernNumber, priority.text, priority.measure?.count ?? null]),
  };
}

function unitOf(vote: ReportVote | null): Measure["unit"] {
  return vote?.result.method === "ranked" ? "first-choices" : "points";
}

function tasks(report: GroupReport, say: Words): Table {
  return {
    what: "tasks",
    columns: ["plan", "task", "owner", "due", "status", "horizon", "overdue", "progress", "progress-date"],
    rows: report.plans.flatMap((plan) =>
      plan.tasks.map((task) => [
        plan.priority,
        task.title,
        say.ownerOf(task) ?? null,
        task.dueAt ? say.date(task.dueAt) : null,
        say.taskStatus(task.status),
        say.horizon(task.horizon),
        say.yesNo(task.overdue),
        task.progress?.text ?? null,
        task.progress?.at ? say.date(task.progress.at) : null,
      ]),
    ),
  };
}

/** One row per reading, so the readings of an indicator chart as a line; an indicator not yet measured still gets a row. */
function indicators(report: GroupReport, say: Words): Table {
  return {
    what: "indicators",
    columns: ["plan", "indicator", "baseline", "target", "date", "value"],
    rows: report.plans.flatMap((plan) =>
      plan.indicators.flatMap((indicator) => {
        const start = [plan.priority, indicator.name, indicator.baseline, indicator.target];
        if (indicator.readings.length === 0) return [[...start, null, null]];
        return indicator.readings.map((reading) => [...start, say.date(reading.recordedAt), reading.value]);
      }),
    ),
  };
}

/** One row per option, in ranking order; the turnout on every row, so each row stands on its own in a spreadsheet. */
function vote(last: ReportVote, turnout: Turnout | null): Table {
  return {
    what: "vote",
    columns: ["place", "option", unitOf(last), "voted", "members", "turnout"],
    rows: last.result.lines.map((line) => [line.rank, last.options[line.position - 1] ?? null, line.measure.count, turnout?.cast ?? null, turnout?.eligible ?? null, turnout?.percent ?? null]),
  };
}
