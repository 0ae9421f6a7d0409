/**
 * Turns a Vega-Lite chart into a PNG: Vega-Lite compiles it to Vega, and
 * Vega draws it with its canvas renderer onto a Skia canvas
 * (@napi-rs/canvas, prebuilt inside its npm package; no system libraries).
 *
 * Why Skia's canvas and not an SVG rasteriser: the text. Skia shapes text
 * with HarfBuzz, so Burmese comes out with its vowel signs, medials and
 * stacked letters in place; resvg (tried first) misplaces the second glyph
 * of a cluster, and Skia's own SVG reader does not shape at all. The canvas
 * is given the exports' fonts and nothing else, so every machine draws the
 * same picture; it falls back from Noto Sans to Noto Sans Myanmar letter by
 * letter, so a label may mix both scripts.
 *
 * Skia also lays each text out by the Unicode Bidirectional Algorithm and
 * joins Arabic letters; what it needs to be told is the paragraph
 * direction, so that a right-to-left label keeps a Latin name or a number
 * at the right place (the canvas's `direction`, which Vega never sets).
 * The charts themselves are mirrored for a right-to-left language (see
 * `chartConfig` and the charts' own specs): axis labels on the right, bars
 * growing leftwards, titles from the right.
 *
 * Vega also needs to know how wide a text is to lay a chart out. Without a
 * canvas of its own it guesses 0.8 em per character, which leaves charts
 * far too wide and counts each Burmese vowel sign as a letter; so its text
 * metrics are pointed at the Skia canvas, once, for the whole process.
 */
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import { font, parse, textMetrics, View } from "vega";
import { compile, type Config, type TopLevelSpec } from "vega-lite";
import type { Direction } from "../direction.ts";
import { FACES, FONT_LIST } from "../fonts.ts";

export interface Png {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Pixels per chart unit: charts are laid out at 1x and drawn at 2x, sharp on phones and in print. */
const SCALE = 2;

/** Chart units per line of a wrapped label: Burmese stacks letters above and below the line, so 1.5 times the font size. */
export const LINE_HEIGHT = 18;

/** Characters per line of a chart's title before it wraps. */
export const TITLE_WIDTH = 64;

/** What every chart shares: the font, plain colours, labels never cut short with "…", and titles on the side the language starts its lines. */
export function chartConfig(direction: Direction): Config {
  return {
    font: FONT_LIST,
    background: "white",
    padding: 12,
    view: { stroke: null },
    title: { ...TITLE, anchor: direction === "rtl" ? "end" : "start" },
    axis: { labelFontSize: 12, titleFontSize: 12, labelLimit: 0, labelLineHeight: LINE_HEIGHT, titleFontWeight: "normal", titleColor: "#52606D" },
    legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 0, orient: "bottom", direction: "horizontal" },
  };
}

const TITLE = { fontSize: 15, offset: 12, subtitleFontSize: 12, subtitleColor: "#52606D", subtitlePadding: 6, lineHeight: 22, subtitleLineHeight: 18 } as const;

/** Axis labels whose text holds line breaks (from `wrap`) are drawn as several lines: Vega draws an array of strings that way. */
export const MULTILINE_LABELS = { labelExpr: "split(datum.label, '\\n')", ticks: false, labelPadding: 8 } as const;

let prepared = false;

function prepare(): void {
  if (prepared) return;
  for (const face of FACES) for (const file of Object.values(face.files)) GlobalFonts.registerFromPath(file, face.family);
  const measuring = createCanvas(1, 1).getContext("2d");
  textMetrics.width = (item, text) => {
    const line = text === null || text === undefined ? "" : String(text).trim();
    if (line === "") return 0;
    measuring.font = font(item, true);
    return measuring.measureText(line).width;
  };
  prepared = true;
}

/** Draws the chart; `direction` is the language's, which every text on it is laid out in. */
export async function renderChart(spec: TopLevelSpec, direction: Direction): Promise<Png> {
  prepare();
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    const { width, height } = svgSize(await view.toSVG());
    const canvas = createCanvas(Math.ceil(width * SCALE), Math.ceil(height * SCALE));
    const context = canvas.getContext("2d");
    // Vega saves and restores the context around each item but never sets a direction, so this one holds for every text.
    context.direction = direction;
    await view.toCanvas(SCALE, { externalContext: context });
    const data = new Uint8Array(await canvas.encode("png"));
    return { data, width: canvas.width, height: canvas.height };
  } finally {
    view.finalize();
  }
}

/** Vega sizes the picture only while rendering; its SVG states the size on the root element. */
function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const attribute = (name: string): number => Number(new RegExp(`\\s${name}="([\\d.]+)"`).exec(root)?.[1] ?? Number.NaN);
  const size = { width: attribute("width"), height: attribute("height") };
  if (!(size.width > 0 && size.height > 0)) throw new Error(`Vega drew a chart without a size: ${root}`);
  return size;
}
