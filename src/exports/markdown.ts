/**
 * The report as one Markdown file: readable as plain text in a chat or an
 * email, and rendered with headings and tables where Markdown is shown.
 *
 * The document is built as a Markdown syntax tree and written out by
 * mdast-util-to-markdown, which escapes what members typed: a concern that
 * starts with "1." or holds a `*` or a `|` stays text instead of turning
 * into a list, emphasis or a broken table.
 */
import type { BlockContent, Heading, List, PhrasingContent, Root, RootContent, Table, TableRow } from "mdast";
import { gfmTableToMarkdown } from "mdast-util-gfm-table";
import { toMarkdown as serialise } from "mdast-util-to-markdown";
import type { GroupReport, ReportPlan } from "../domain/report.ts";
import type { Texts } from "../flows/texts.ts";
import { latestReading } from "./facts.ts";
import { fileName, type ExportFile } from "./file.ts";
import { wordsFor, type Words } from "./words.ts";

export type MarkdownFile = ExportFile<"text/markdown">;

export function toMarkdown(report: GroupReport, texts: Texts, locale: string): MarkdownFile {
  const say = wordsFor(texts, locale, report.timeZone);
  const tree: Root = {
    type: "root",
    children: [
      heading(1, say("report.title", { group: report.groupName })),
      ...about(report, say),
      ...priorities(report, say),
      ...plans(report, say),
      ...lessons(report, say),
      paragraph([{ type: "emphasis", children: [text(say("report.made", { date: say.dateTime(report.at) }))] }]),
    ],
  };
  const markdown = serialise(tree, { bullet: "-", extensions: [gfmTableToMarkdown()] });
  return { name: fileName("report", say.date(report.at), "md"), mime: "text/markdown", data: new TextEncoder().encode(markdown) };
}

function about(report: GroupReport, say: Words): RootContent[] {
  const facts = [
    say.covers(report),
    report.place === null ? null : say("group.place", { place: report.place }),
    report.programme === null ? null : say("group.programme", { programme: report.programme }),
    say("group.step", { cycle: report.cycleNumber, step: report.step, name: say.step(report.step) }),
    say("group.members", { count: report.members }),
    say("group.last-activity", { date: say.date(report.lastActivityAt) }),
  ];
  return [bullets(facts.filter((fact) => fact !== null))];
}

function priorities(report: GroupReport, say: Words): RootContent[] {
  const section: RootContent[] = [heading(2, say("priorities.heading"))];
  if (report.priorities.length === 0) return [...section, paragraph(say("priorities.none"))];
  section.push(
    table(
      [say("priorities.rank"), say("priorities.concern"), say("priorities.score")],
      report.priorities.map((priority) => [String(priority.rank), say("priorities.concern-text", { number: priority.concernNumber, text: priority.text }), priority.measure ? say.measure(priority.measure) : ""]),
    ),
  );
  if (report.turnout) section.push(paragraph(say.turnout(report.turnout)));
  const last = report.lastVote;
  if (last) {
    section.push(heading(3, say("vote.heading")));
    section.push(table([say("vote.option"), say("vote.score")], last.result.lines.map((line) => [last.options[line.position - 1] ?? "", say.measure(line.measure)])));
    const rounds = say.runoff(last);
    if (rounds.length > 0) section.push(heading(4, say("vote.rounds")), ...rounds.map((line) => paragraph(line)));
  }
  return section;
}

function plans(report: GroupReport, say: Words): RootContent[] {
  const section: RootContent[] = [heading(2, say("plans.heading"))];
  if (report.plans.length === 0) return [...section, paragraph(say("plans.none"))];
  return [...section, ...report.plans.flatMap((plan) => planSection(plan, say))];
}

function planSection(plan: ReportPlan, say: Words): RootContent[] {
  const status = plan.gaps === 0 ? say.planStatus(plan.status) : `${say.planStatus(plan.status)}, ${say("plan.gaps", { count: plan.gaps })}`;
  const section: RootContent[] = [heading(3, say("plan.heading", { priority: plan.priority })), labelled(say("plan.status"), status)];
  if (plan.problem !== null) section.push(labelled(say("plan.problem"), plan.problem));
  if (plan.steps.length > 0) {
    section.push(paragraph([strong(say("plan.steps"))]));
    section.push(bullets(plan.steps.map((step) => say("plan.step", { text: step.text, horizon: say.horizon(step.horizon) }))));
  }
  if (plan.objectives.length > 0) {
    section.push(paragraph([strong(say("plan.objectives"))]));
    section.push(bullets(plan.objectives));
  }
  if (plan.tasks.length > 0) {
    section.push(paragraph([strong(say("plan.tasks"))]));
    section.push(
      table(
        [say("task.title"), say("task.owner"), say("task.due"), say("task.status"), say("task.horizon"), say("task.overdue"), say("task.progress")],
        plan.tasks.map((task) => [
          task.title,
          say.ownerOf(task) ?? say.noOwner(),
          task.dueAt ? say.date(task.dueAt) : "",
          say.taskStatus(task.status),
          say.horizon(task.horizon),
          task.overdue ? say("task.overdue-mark") : "",
          task.progress === null ? "" : task.progress.at ? `${say.date(task.progress.at)}: ${task.progress.text}` : task.progress.text,
        ]),
      ),
    );
  }
  if (plan.indicators.length > 0) {
    section.push(paragraph([strong(say("plan.indicators"))]));
    const number = (value: number | null): string => (value === null ? "" : String(value));
    section.push(
      table(
        [say("indicator.name"), say("indicator.baseline"), say("indicator.latest"), say("indicator.target")],
        plan.indicators.map((indicator) => [indicator.name, number(indicator.baseline), number(latestReading(indicator)), number(indicator.target)]),
      ),
    );
  }
  if (plan.nextReview) section.push(labelled(say("plan.next-review"), say.date(plan.nextReview)));
  for (const evaluation of plan.evaluations) {
    section.push(heading(4, say("evaluation.heading")));
    const answers = [
      [say("evaluation.objectives"), say.objectivesMet(evaluation.objectivesMet)],
      [say("evaluation.worked"), evaluation.worked],
      [say("evaluation.did-not-work"), evaluation.didNotWork],
      [say("evaluation.change"), evaluation.change],
    ] as const;
    section.push(list(answers.flatMap(([label, answer]) => (answer === null ? [] : [[labelled(label, answer)]]))));
  }
  return section;
}

function lessons(report: GroupReport, say: Words): RootContent[] {
  const section: RootContent[] = [heading(2, say("lessons.heading"))];
  if (report.lessons.length === 0) return [...section, paragraph(say("lessons.none"))];
  return [...section, bullets(report.lessons)];
}

const text = (value: string): PhrasingContent => ({ type: "text", value });
const strong = (value: string): PhrasingContent => ({ type: "strong", children: [text(value)] });
const heading = (depth: Heading["depth"], value: string): Heading => ({ type: "heading", depth, children: [text(value)] });

function paragraph(content: string | PhrasingContent[]): BlockContent {
  return { type: "paragraph", children: typeof content === "string" ? [text(content)] : content };
}

/** "**Label** value", for the one-line facts of a plan. */
function labelled(label: string, value: string): BlockContent {
  return paragraph([strong(label), text(` ${value}`)]);
}

function list(items: BlockContent[][]): List {
  return { type: "list", ordered: false, spread: false, children: items.map((children) => ({ type: "listItem", spread: false, children })) };
}

function bullets(items: readonly string[]): List {
  return list(items.map((item) => [paragraph(item)]));
}

/** A GFM table; a line break typed into a cell would end the row, so cells keep to one line. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): Table {
  const cell = (value: string) => ({ type: "tableCell" as const, children: [text(value.replace(/\s+/g, " ").trim())] });
  const row = (cells: readonly string[]): TableRow => ({ type: "tableRow", children: cells.map(cell) });
  return { type: "table", children: [row(header), ...rows.map(row)] };
}
