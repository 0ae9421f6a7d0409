/**
 * The PDF brief: what a working group hands to local authorities and
 * policy makers. Community security links local results to reform: the
 * concerns people chose, what the group is doing about them, and what it
 * learned, are the evidence an official can act on. So the brief leads with
 * the group and its priorities, shows each plan's progress in numbers
 * (overdue tasks by title, never by owner), and ends with the evaluation and the lessons.
 * The full task lists stay in the Markdown and CSV exports.
 */
import type { GroupReport, ReportPlan } from "../../domain/report.ts";
import type { Texts } from "../../flows/texts.ts";
import { progressChart } from "../charts/progress.ts";
import { voteChart, type PngFile } from "../charts/vote.ts";
import { directionOf } from "../direction.ts";
import { latestReading, overdueTasks, tasksByStatus } from "../facts.ts";
import { fileName, type ExportFile } from "../file.ts";
import { wordsFor, type Words } from "../words.ts";
import { Typesetter, type Style } from "./typesetter.ts";

export type PdfFile = ExportFile<"application/pdf">;

const INK = "#1F2933";
const ACCENT = "#16324F";
const MUTED = "#52606D";

const STYLES = {
  kicker: { weight: "bold", size: 10, colour: MUTED, after: 2, indent: 0 },
  title: { weight: "bold", size: 22, colour: ACCENT, after: 4, indent: 0 },
  fact: { weight: "regular", size: 10, colour: MUTED, after: 1, indent: 0 },
  intro: { weight: "regular", size: 10.5, colour: INK, after: 14, indent: 0 },
  heading: { weight: "bold", size: 15, colour: ACCENT, after: 6, indent: 0, keepWithNext: 60 },
  subheading: { weight: "bold", size: 12, colour: INK, after: 3, indent: 0, keepWithNext: 40 },
  // Room for one line of Burmese after a label, whose lines are taller than English ones.
  label: { weight: "bold", size: 10, colour: INK, after: 2, indent: 0, keepWithNext: 28 },
  body: { weight: "regular", size: 10, colour: INK, after: 4, indent: 0 },
  item: { weight: "regular", size: 10, colour: INK, after: 2, indent: 8 },
} as const satisfies Record<string, Style>;

/** The two charts the brief shows (null where there is nothing to draw). */
export interface BriefCharts {
  vote: PngFile | null;
  progress: PngFile | null;
}

/** Draws the charts of a report, once, for the brief and for sending as files alike. */
export async function drawCharts(report: GroupReport, texts: Texts, locale: string): Promise<BriefCharts> {
  return { vote: await voteChart(report, texts, locale), progress: await progressChart(report, texts, locale) };
}

/** The brief; `charts` when they were drawn already (they are drawn here otherwise). */
export async function toPdfBrief(report: GroupReport, texts: Texts, locale: string, charts?: BriefCharts): Promise<PdfFile> {
  const say = wordsFor(texts, locale, report.timeZone);
  const drawn = charts ?? (await drawCharts(report, texts, locale));
  const page = new Typesetter(say("brief.document-title", { group: report.groupName }), locale, directionOf(locale), report.at);
  heading(page, report, say);
  priorities(page, report, say, drawn.vote);
  plans(page, report, say, drawn.progress);
  evaluation(page, report, say);
  const made = say("brief.made", { date: say.date(report.at) });
  const data = await page.finish((number, pages) => ({ start: `${say.value(report.groupName)} · ${made}`, end: say("brief.page", { page: number, pages }) }), MUTED);
  return { name: fileName("brief", say.date(report.at), "pdf"), mime: "application/pdf", data };
}

function heading(page: Typesetter, report: GroupReport, say: Words): void {
  page.block(say("brief.title"), STYLES.kicker);
  page.block(report.groupName, STYLES.title);
  const facts = [
    say.covers(report),
    report.place === null ? null : say("group.place", { place: report.place }),
    report.programme === null ? null : say("group.programme", { programme: report.programme }),
    say("group.step", { cycle: report.cycleNumber, step: report.step, name: say.step(report.step) }),
    `${say("group.members", { count: report.members })} · ${say("group.last-activity", { date: say.date(report.lastActivityAt) })}`,
  ];
  for (const fact of facts) if (fact !== null) page.block(fact, STYLES.fact);
  page.space(6);
  page.rule(ACCENT, 10);
  page.block(say("brief.intro"), STYLES.intro);
}

function priorities(page: Typesetter, report: GroupReport, say: Words, chart: PngFile | null): void {
  page.block(say("brief.priorities"), STYLES.heading);
  if (report.priorities.length === 0) {
    page.block(say("priorities.none"), STYLES.body);
    return;
  }
  for (const priority of report.priorities) {
    page.bullet(priority.measure ? say("priorities.item", { text: priority.text, result: say.measure(priority.measure) }) : priority.text, STYLES.item, `${priority.rank}.`);
  }
  if (report.turnout) page.block(say.turnout(report.turnout), { ...STYLES.body, colour: MUTED });
  const rounds = report.lastVote ? say.runoff(report.lastVote) : [];
  if (rounds.length > 0) list(page, say("vote.rounds"), rounds);
  if (chart) page.image(chart, 400, 12);
  else page.space(8);
}

function plans(page: Typesetter, report: GroupReport, say: Words, chart: PngFile | null): void {
  page.block(say("brief.plans"), STYLES.heading);
  if (report.plans.length === 0) {
    page.block(say("plans.none"), STYLES.body);
    return;
  }
  for (const plan of report.plans) planProgress(page, plan, say);
  if (chart) page.image(chart, 400, 12);
}

function planProgress(page: Typesetter, plan: ReportPlan, say: Words): void {
  const status = plan.gaps === 0 ? say.planStatus(plan.status) : `${say.planStatus(plan.status)}, ${say("plan.gaps", { count: plan.gaps })}`;
  page.block(say("plan.heading", { priority: plan.priority }), STYLES.subheading);
  page.block(`${say("plan.status")} ${status}`, STYLES.body);
  if (plan.problem !== null) labelledText(page, say("plan.problem"), plan.problem);
  list(page, say("plan.steps"), plan.steps.map((step) => say("plan.step", { text: step.text, horizon: say.horizon(step.horizon) })));
  list(page, say("plan.objectives"), plan.objectives);
  page.block(plan.tasks.length === 0 ? say("brief.no-tasks") : say("brief.tasks", tasksByStatus(plan.tasks)), STYLES.body);
  list(
    page,
    say("brief.overdue"),
    overdueTasks(plan).map((task) =>
      say("brief.overdue-task", { title: task.title, date: task.dueAt ? say.date(task.dueAt) : "" }),
    ),
  );
  list(
    page,
    say("brief.progress"),
    plan.tasks.flatMap((task) => (task.progress === null ? [] : [say(task.progress.at ? "brief.progress-note" : "brief.progress-note-undated", { title: task.title, date: task.progress.at ? say.date(task.progress.at) : "", note: shortened(task.progress.text) })])),
  );
  list(page, say("plan.indicators"), plan.indicators.map((indicator) => `${say.value(indicator.name)}: ${indicatorLine(indicator.baseline, latestReading(indicator), indicator.target, say)}`));
  if (plan.nextReview) page.block(`${say("plan.next-review")} ${say.value(say.date(plan.nextReview))}`, STYLES.body);
  page.space(8);
}

/** A brief gives the gist of a progress note: its first characters (whole letters, Burmese ones included), the rest in the Markdown and CSV. */
const NOTE_IN_BRIEF = 100;
function shortened(note: string): string {
  const letters = [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(note)].map((s) => s.segment);
  return letters.length <= NOTE_IN_BRIEF ? note : `${letters.slice(0, NOTE_IN_BRIEF).join("").trimEnd()}…`;
}

/** "at the start 12, now 7, aim 2": the parts that are known, or "not measured yet". */
function indicatorLine(baseline: number | null, latest: number | null, target: number | null, say: Words): string {
  const parts = [
    baseline === null ? null : say("indicator.from", { value: baseline }),
    latest === null ? say("indicator.not-measured") : say("indicator.now", { value: latest }),
    target === null ? null : say("indicator.aim", { value: target }),
  ];
  return parts.filter((part) => part !== null).join(say("list-separator"));
}

function evaluation(page: Typesetter, report: GroupReport, say: Words): void {
  page.block(say("brief.evaluation"), STYLES.heading);
  const evaluated = report.plans.filter((plan) => plan.evaluations.length > 0);
  if (evaluated.length === 0) page.block(say("brief.no-evaluation"), STYLES.body);
  for (const plan of evaluated) {
    page.block(say("plan.heading", { priority: plan.priority }), STYLES.subheading);
    for (const answers of plan.evaluations) {
      page.block(`${say("evaluation.objectives")} ${say.objectivesMet(answers.objectivesMet)}`, STYLES.body);
      if (answers.worked !== null) labelledText(page, say("evaluation.worked"), answers.worked);
      if (answers.didNotWork !== null) labelledText(page, say("evaluation.did-not-work"), answers.didNotWork);
      if (answers.change !== null) labelledText(page, say("evaluation.change"), answers.change);
    }
    page.space(8);
  }
  page.block(say("lessons.heading"), STYLES.subheading);
  if (report.lessons.length === 0) page.block(say("lessons.none"), STYLES.body);
  for (const lesson of report.lessons) page.bullet(lesson, STYLES.item);
}

function labelledText(page: Typesetter, label: string, text: string): void {
  page.block(label, STYLES.label);
  page.block(text, { ...STYLES.body, indent: 8 });
}

/** A label and its items, or nothing at all when there are no items. */
function list(page: Typesetter, label: string, items: readonly string[]): void {
  if (items.length === 0) return;
  page.block(label, STYLES.label);
  for (const item of items) page.bullet(item, STYLES.item);
}
