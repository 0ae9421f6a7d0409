/**
 * The last priorities vote as a bar chart: one bar per concern, longest on
 * top, with its points (or, in a ranked vote, its first choices) written at
 * the end of the bar so nobody has to read the axis.
 */
import type { GroupReport } from "../../domain/report.ts";
import type { Texts } from "../../flows/texts.ts";
import { fileName, type ExportFile } from "../file.ts";
import { wrap } from "../line-breaks.ts";
import { wordsFor } from "../words.ts";
import { directionOf } from "../direction.ts";
import { chartConfig, LINE_HEIGHT, MULTILINE_LABELS, renderChart, TITLE_WIDTH } from "./render.ts";

export type PngFile = ExportFile<"image/png"> & { width: number; height: number };

/** Characters per line of a concern's label before it wraps. */
const LABEL_WIDTH = 36;

/** The chart of the last closed priorities vote, or null when the group has not voted yet. */
export async function voteChart(report: GroupReport, texts: Texts, locale: string): Promise<PngFile | null> {
  const last = report.lastVote;
  if (!last) return null;
  const say = wordsFor(texts, locale, report.timeZone);
  const direction = directionOf(locale);
  // Right to left, the labels stand on the right and the bars grow leftwards from them.
  const rtl = direction === "rtl";
  const values = last.result.lines.map((line) => ({
    // The place number keeps options with the same words apart; the axis splits the label into its lines.
    label: wrap(`${line.rank}. ${last.options[line.position - 1] ?? ""}`, LABEL_WIDTH).join("\n"),
    // Points (dot) or first choices (ranked), as every other channel shows them.
    score: line.measure.count,
  }));
  const lines = Math.max(...values.map((value) => value.label.split("\n").length));
  const subtitle = report.turnout ? say.turnout(report.turnout) : [];
  const png = await renderChart({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: chartConfig(direction),
    title: { text: wrap(say("vote.chart-title", { group: report.groupName }), TITLE_WIDTH), subtitle },
    width: 420,
    // Every bar is as tall as the longest label needs.
    height: { step: lines * LINE_HEIGHT + 12 },
    data: { values },
    encoding: {
      y: {
        field: "label",
        type: "nominal",
        // The options come in ranking order already; an explicit order keeps the layers from each sorting on their own.
        sort: values.map((value) => value.label),
        title: null,
        axis: { ...MULTILINE_LABELS, orient: rtl ? "right" : "left" },
      },
      x: { field: "score", type: "quantitative", title: say.measureName(last), scale: { reverse: rtl }, axis: { tickMinStep: 1, grid: true } },
    },
    layer: [
      // Rounded at the bar's far end: the left one when the bars grow leftwards.
      { mark: rtl ? { type: "bar", color: "#2F6690", cornerRadiusTopLeft: 3, cornerRadiusBottomLeft: 3 } : { type: "bar", color: "#2F6690", cornerRadiusEnd: 3 } },
      { mark: { type: "text", align: rtl ? "right" : "left", dx: rtl ? -4 : 4, fontWeight: "bold", color: "#16324F" }, encoding: { text: { field: "score", type: "quantitative" } } },
    ],
  }, direction);
  return { name: fileName("vote", say.date(report.at), "png"), mime: "image/png", ...png };
}
