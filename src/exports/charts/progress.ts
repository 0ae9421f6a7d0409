/**
 * Progress as one picture: for each plan, its tasks by status in a stacked
 * bar (done in green, so a glance shows how far the plan has come); below,
 * each measure of progress with its readings over time against the number
 * the group aims for (dashed) and the number it started from (dotted).
 */
import type { GroupReport, ReportIndicator, ReportPlan } from "../../domain/report.ts";
import type { Texts } from "../../flows/texts.ts";
import { TASK_STATUSES, tasksByStatus } from "../facts.ts";
import { fileName } from "../file.ts";
import { wrap } from "../line-breaks.ts";
import { wordsFor, type Words } from "../words.ts";
import { directionOf, type Direction } from "../direction.ts";
import { chartConfig, LINE_HEIGHT, MULTILINE_LABELS, renderChart, TITLE_WIDTH } from "./render.ts";
import type { PngFile } from "./vote.ts";
import type { TopLevelSpec } from "vega-lite";

type Part = Extract<TopLevelSpec, { vconcat: unknown }>["vconcat"][number];

const WIDTH = 420;
const LABEL_WIDTH = 34;
/** Open, under way, done, dropped: grey for not started, amber for under way, green for done, a pale red for given up. */
const STATUS_COLOURS = ["#A0A7B0", "#E0A030", "#3C8D5A", "#D9A0A0"];

/** Tasks by status for every plan with tasks, and readings against target for every measured indicator; null when there is nothing to show yet. */
export async function progressChart(report: GroupReport, texts: Texts, locale: string): Promise<PngFile | null> {
  const say = wordsFor(texts, locale, report.timeZone);
  const direction = directionOf(locale);
  const parts: Part[] = [];
  const withTasks = report.plans.filter((plan) => plan.tasks.length > 0);
  if (withTasks.length > 0) parts.push(tasksPart(withTasks, say, direction));
  for (const plan of report.plans) {
    for (const indicator of plan.indicators.filter((each) => each.readings.length > 0)) parts.push(indicatorPart(plan, indicator, say, direction));
  }
  if (parts.length === 0) return null;
  const png = await renderChart({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: chartConfig(direction),
    title: { text: wrap(say("progress.chart-title", { group: report.groupName }), TITLE_WIDTH) },
    spacing: 36,
    vconcat: parts,
  }, direction);
  return { name: fileName("progress", say.date(report.at), "png"), mime: "image/png", ...png };
}

/** Right to left, the plans' names stand on the right and the bars grow leftwards from them. */
function tasksPart(plans: readonly ReportPlan[], say: Words, direction: Direction): Part {
  const rtl = direction === "rtl";
  // The legend lists the states from where the language starts reading: right to left, open is the rightmost.
  const statuses = rtl ? TASK_STATUSES.map((status) => say.taskStatus(status)).reverse() : TASK_STATUSES.map((status) => say.taskStatus(status));
  const colours = rtl ? [...STATUS_COLOURS].reverse() : STATUS_COLOURS;
  const labels = plans.map((plan, place) => wrap(`${place + 1}. ${plan.priority}`, LABEL_WIDTH).join("\n"));
  const lines = Math.max(...labels.map((label) => label.split("\n").length));
  const values = plans.flatMap((plan, place) => {
    const counts = tasksByStatus(plan.tasks);
    return TASK_STATUSES.filter((status) => counts[status] > 0).map((status) => ({
      plan: labels[place],
      status: say.taskStatus(status),
      order: TASK_STATUSES.indexOf(status),
      count: counts[status],
    }));
  });
  return {
    title: { text: say("progress.tasks-title"), fontSize: 13 },
    width: WIDTH,
    height: { step: lines * LINE_HEIGHT + 14 },
    data: { values },
    encoding: {
      y: { field: "plan", type: "nominal", sort: labels, title: null, axis: { ...MULTILINE_LABELS, orient: rtl ? "right" : "left" } },
      x: { field: "count", type: "quantitative", stack: "zero", title: say("progress.tasks-axis"), scale: { reverse: rtl }, axis: { tickMinStep: 1 } },
      color: { field: "status", type: "nominal", title: null, scale: { domain: statuses, range: colours }, legend: { orient: "top" } },
      order: { field: "order", type: "quantitative" },
    },
    layer: [
      { mark: { type: "bar", stroke: "white", strokeWidth: 1 } },
      // Each count sits at the far end of its own segment (the left end, right to left), in white on the colour.
      // The colour encoding would paint the text like its bar, so the text sets its own.
      { mark: { type: "text", align: rtl ? "left" : "right", dx: rtl ? 6 : -6, fontWeight: "bold" }, encoding: { text: { field: "count", type: "quantitative" }, color: { value: "white" } } },
    ],
  };
}

/** Right to left, time runs leftwards, the values stand on the right and the reference lines are named on the left, where they end. */
function indicatorPart(plan: ReportPlan, indicator: ReportIndicator, say: Words, direction: Direction): Part {
  const rtl = direction === "rtl";
  const yAxis = { orient: rtl ? ("right" as const) : ("left" as const) };
  const readings = indicator.readings.map((reading) => ({ date: say.date(reading.recordedAt), value: reading.value }));
  const references = [
    ...(indicator.target === null ? [] : [{ label: say("indicator.target"), value: indicator.target, dash: [6, 4], colour: "#3C8D5A" }]),
    ...(indicator.baseline === null ? [] : [{ label: say("indicator.baseline"), value: indicator.baseline, dash: [2, 3], colour: "#7A828C" }]),
  ];
  return {
    title: { text: wrap(indicator.name, 60), subtitle: wrap(plan.priority, 70), fontSize: 13 },
    width: WIDTH,
    height: 140,
    layer: [
      ...references.map((reference) => ({
        data: { values: [reference] },
        layer: [
          { mark: { type: "rule" as const, strokeDash: reference.dash, color: reference.colour, strokeWidth: 1.5 }, encoding: { y: { field: "value", type: "quantitative" as const, axis: yAxis } } },
          {
            mark: { type: "text" as const, align: rtl ? ("left" as const) : ("right" as const), baseline: "bottom" as const, dy: -2, x: rtl ? 0 : ("width" as const), color: reference.colour },
            encoding: { y: { field: "value", type: "quantitative" as const, axis: yAxis }, text: { field: "label", type: "nominal" as const } },
          },
        ],
      })),
      {
        data: { values: readings },
        encoding: {
          x: { field: "date", type: "ordinal", title: null, scale: { reverse: rtl }, axis: { labelAngle: 0 } },
          y: { field: "value", type: "quantitative", title: null, scale: { zero: false, padding: 12 }, axis: yAxis },
        },
        layer: [
          { mark: { type: "line", color: "#2F6690", strokeWidth: 2 } },
          { mark: { type: "point", filled: true, size: 50, color: "#2F6690" } },
          { mark: { type: "text", dy: -10, color: "#16324F" }, encoding: { text: { field: "value", type: "quantitative" } } },
        ],
      },
    ],
  };
}
