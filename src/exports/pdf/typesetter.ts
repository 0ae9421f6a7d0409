/**
 * A few typographic blocks (headings, paragraphs, bullets, pictures) on top
 * of pdfkit, so the brief's code says what it shows, not where to draw it.
 *
 * Rules it keeps for every block:
 * - the page runs the way its language is written: a right-to-left brief
 *   (Arabic) starts each line at the right margin, indents from the right
 *   and hangs its bullets on the right, and every paragraph is laid out by
 *   the Unicode Bidirectional Algorithm in that direction (paragraph.ts),
 *   so Latin names, digits and dates inside Arabic keep their order;
 * - each run of text is set in the face made for its script (fonts.ts), and
 *   a paragraph takes the line height of the tallest face it uses, so
 *   English keeps ordinary line spacing and Burmese gets the tall lines its
 *   stacked letters need;
 * - text is shaped by HarfBuzz (see shaped-font.ts), with zero-width spaces
 *   between Burmese syllables so long Burmese phrases wrap instead of
 *   running off the page;
 * - a block never splits across pages, and a heading never ends a page;
 * - each block carries its text as /ActualText, so copying from the PDF
 *   (and search in readers that honour it) gives the characters in their
 *   stored order rather than the visual order of the shaped glyphs. It is
 *   the only faithful text for Arabic too: Noto Sans Arabic draws many
 *   letters as one shared skeleton plus dots, so a glyph cannot say which
 *   letter it was. (Acrobat honours it; poppler's pdftotext reverses a
 *   right-to-left /ActualText as if it were in visual order, and pdf.js
 *   ignores /ActualText, so both copy Arabic out of this PDF wrongly.)
 *
 * pdfkit's own line breaking is not used: it measures and draws word by
 * word from left to right, which would put an Arabic sentence's words in
 * the wrong order. The typesetter breaks the lines and places each run
 * itself, and pdfkit only draws a run at a point.
 */
import PDFDocument from "pdfkit";
import type { Direction } from "../direction.ts";
import { FACES, fontBytes, type FontWeight } from "../fonts.ts";
import { breakable } from "../line-breaks.ts";
import { layOut, type Paragraph } from "./paragraph.ts";
import { ShapedFont } from "./shaped-font.ts";

export interface Style {
  weight: FontWeight;
  size: number;
  colour: string;
  /** Points below the block. */
  after: number;
  /** Points from the margin the lines start at: the left one, or the right one in a right-to-left brief. */
  indent: number;
  /** Points that must fit below the block on the same page (the first lines of what a heading introduces). */
  keepWithNext?: number;
}

export interface Footer {
  /** At the margin the lines start at (the left one, in a left-to-right brief). */
  start: string;
  /** At the other margin. */
  end: string;
}

const PAGE = { size: "A4", margins: { top: 56, bottom: 64, left: 60, right: 60 } } as const;
const LINE_GAP = 2;
const FOOTER_SIZE = 8;

/** Put before a run so HarfBuzz shapes it in the direction the paragraph's layout gave it. */
const LEFT_TO_RIGHT_MARK = "\u200E";
const RIGHT_TO_LEFT_MARK = "\u200F";

interface LoadedFace {
  /** The names the faces' weights are registered under in each document. */
  names: Record<FontWeight, string>;
  fonts: Record<FontWeight, ShapedFont>;
  line: { ascent: number; descent: number };
}

let faces: LoadedFace[] | undefined;

/** Parsing the fonts and starting HarfBuzz takes a moment: done once per process, on the first brief. */
function loadedFaces(): LoadedFace[] {
  faces ??= FACES.map((face, index) => ({
    names: { regular: `face${index}-regular`, bold: `face${index}-bold` },
    fonts: { regular: new ShapedFont(fontBytes(face.files.regular)), bold: new ShapedFont(fontBytes(face.files.bold)) },
    line: face.line,
  }));
  return faces;
}

/**
 * A run's width in ems, remembered in `widths` (per weight, face, direction
 * and text): a paragraph is measured many times while it is broken into
 * lines. Each document keeps its own, so a long-running bot does not
 * collect every text it ever measured.
 */
function emsWide(widths: Map<string, number>, text: string, face: number, rtl: boolean, weight: FontWeight): number {
  const key = `${weight}|${face}|${rtl ? "r" : "l"}|${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    const font = loadedFaces()[face]?.fonts[weight];
    width = font ? font.layout((rtl ? RIGHT_TO_LEFT_MARK : LEFT_TO_RIGHT_MARK) + text).advanceWidth / font.unitsPerEm : 0;
    widths.set(key, width);
  }
  return width;
}

/** Where a paragraph's lines sit: the first baseline below the top, and the distance from line to line, in points. */
interface LineMetrics {
  ascent: number;
  height: number;
}

function lineMetrics(paragraph: Paragraph, size: number): LineMetrics {
  const used = [...paragraph.faces].map((face) => loadedFaces()[face]?.line ?? { ascent: 1, descent: 0.3 });
  const ascent = Math.max(...used.map((line) => line.ascent), 0);
  const descent = Math.max(...used.map((line) => line.descent), 0);
  return { ascent: ascent * size, height: (ascent + descent) * size + LINE_GAP };
}

/** A box on the page for a paragraph: its left edge and width, and which side its lines keep to. */
interface Box {
  x: number;
  width: number;
  align: "left" | "right";
}

export class Typesetter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Uint8Array[] = [];
  private readonly ended: Promise<void>;
  private readonly widths = new Map<string, number>();

  /**
   * @param title the document title readers show in their title bar
   * @param lang the BCP 47 language of the text, for screen readers and hyphenation
   * @param direction which way the language is written: the page's lines, indents and bullets follow it
   * @param createdAt recorded as the creation date: when the report was made, which is what a reader wants to know
   */
  constructor(
    title: string,
    lang: string,
    private readonly direction: Direction,
    createdAt: Date,
  ) {
    this.doc = new PDFDocument({
      ...PAGE,
      bufferPages: true,
      lang,
      displayTitle: true,
      info: { Title: title, Creator: "Baraza", Producer: "Baraza", CreationDate: createdAt, ModDate: createdAt },
    });
    this.doc.on("data", (chunk: Uint8Array) => this.chunks.push(chunk));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on("end", () => resolve());
      this.doc.on("error", reject);
    });
    for (const face of loadedFaces()) {
      this.doc.registerFont(face.names.regular, face.fonts.regular);
      this.doc.registerFont(face.names.bold, face.fonts.bold);
    }
  }

  private get width(): number {
    return this.doc.page.width - PAGE.margins.left - PAGE.margins.right;
  }

  private get bottom(): number {
    return this.doc.page.height - PAGE.margins.bottom;
  }

  private get rtl(): boolean {
    return this.direction === "rtl";
  }

  /** Starts a new page unless `height` points still fit on this one. */
  private fit(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** The box that starts `from` points in from the margin the lines start at and is `width` points wide (the rest of the line when not given). */
  private box(from: number, width = this.width - from): Box {
    return this.rtl
      ? { x: PAGE.margins.left + this.width - from - width, width, align: "right" }
      : { x: PAGE.margins.left + from, width, align: "left" };
  }

  private layOut(text: string, style: Style, width: number): Paragraph {
    const all = loadedFaces();
    return layOut(breakable(text), this.direction, width, {
      measure: (run, face, rtl) => emsWide(this.widths, run, face, rtl, style.weight) * style.size,
      has: (face, codePoint) => all[face]?.fonts[style.weight].has(codePoint) ?? false,
      count: all.length,
    });
  }

  private height(paragraph: Paragraph, style: Style): number {
    return paragraph.lines.length * lineMetrics(paragraph, style.size).height;
  }

  /**
   * Draws a laid-out paragraph with its top at `y`, each line against the
   * box's side. `metrics` sets the baseline when it is another paragraph's
   * (a list marker sits on its item's first baseline).
   */
  private draw(paragraph: Paragraph, style: Style, box: Box, y: number, metrics = lineMetrics(paragraph, style.size)): void {
    this.doc.fillColor(style.colour);
    paragraph.lines.forEach((line, number) => {
      const baseline = y + metrics.ascent + number * metrics.height;
      let x = box.align === "right" ? box.x + box.width - line.width : box.x;
      for (const run of line.runs) {
        const face = loadedFaces()[run.face];
        if (face) {
          this.doc.font(face.names[style.weight]).fontSize(style.size);
          // `features` makes pdfkit shape the run whole; without it, pdfkit shapes word by word and puts the words left to right.
          this.doc.text((run.rtl ? RIGHT_TO_LEFT_MARK : LEFT_TO_RIGHT_MARK) + run.text, x, baseline, { lineBreak: false, baseline: "alphabetic", features: [] });
        }
        x += run.width;
      }
    });
  }

  /** What `drawing` sets on the page, marked as standing for `text` when copied or searched. */
  private marked(text: string, drawing: () => void): void {
    this.doc.markContent("Span", { actual: text });
    drawing();
    this.doc.endMarkedContent();
  }

  /** A heading, paragraph or line of text. */
  block(text: string, style: Style): void {
    const box = this.box(style.indent);
    const paragraph = this.layOut(text, style, box.width);
    const height = this.height(paragraph, style);
    this.fit(height + (style.keepWithNext ?? 0));
    const y = this.doc.y;
    this.marked(text, () => this.draw(paragraph, style, box, y));
    this.doc.y = y + height + style.after;
  }

  /** A list item: the marker hangs in the indent, the text wraps under itself. */
  bullet(text: string, style: Style, marker = "•"): void {
    const markerText = this.layOut(marker, style, this.width);
    // Wide enough for "12." as well as "•".
    const hang = Math.max(style.size * 1.1, Math.max(...markerText.lines.map((line) => line.width)) + style.size * 0.4);
    const box = this.box(style.indent + hang);
    const paragraph = this.layOut(text, style, box.width);
    const height = this.height(paragraph, style);
    this.fit(height);
    const y = this.doc.y;
    this.marked(`${marker} ${text}`, () => {
      this.draw(markerText, style, this.box(style.indent, hang), y, lineMetrics(paragraph, style.size));
      this.draw(paragraph, style, box, y);
    });
    this.doc.y = y + height + style.after;
  }

  /** A picture (a chart), centred, at `width` points or smaller: never wider than the text, never taller than a page. */
  image(png: { data: Uint8Array; width: number; height: number }, width: number, after: number): void {
    const pageHeight = this.bottom - PAGE.margins.top;
    const shown = Math.min(width, this.width, (pageHeight * png.width) / png.height);
    const height = (png.height / png.width) * shown;
    this.fit(height);
    this.doc.image(Buffer.from(png.data), PAGE.margins.left + (this.width - shown) / 2, this.doc.y, { width: shown });
    this.doc.y += height + after;
  }

  /** Empty room between blocks; at the foot of a page it simply ends the page. */
  space(points: number): void {
    this.doc.y = Math.min(this.doc.y + points, this.bottom);
  }

  /** A thin line across the text width, between the title and the body. */
  rule(colour: string, after: number): void {
    const y = this.doc.y;
    this.doc.moveTo(PAGE.margins.left, y).lineTo(PAGE.margins.left + this.width, y).lineWidth(0.75).strokeColor(colour).stroke();
    this.doc.y = y + after;
  }

  /** Writes the footer on every page (it needs the page count, known only now) and returns the PDF. */
  async finish(footer: (page: number, pages: number) => Footer, colour: string): Promise<Uint8Array> {
    const { start, count } = this.doc.bufferedPageRange();
    const style: Style = { weight: "regular", size: FOOTER_SIZE, colour, after: 0, indent: 0 };
    const startWidth = this.width * 0.7;
    for (let index = start; index < start + count; index += 1) {
      this.doc.switchToPage(index);
      const texts = footer(index - start + 1, count);
      const y = this.doc.page.height - PAGE.margins.bottom + 24;
      // The footer sits in the bottom margin: with the margin in force, pdfkit would move it to a new page.
      this.doc.page.margins.bottom = 0;
      const startBox = this.box(0, startWidth);
      const endBox = this.box(startWidth, this.width - startWidth);
      this.marked(texts.start, () => this.draw(this.layOut(texts.start, style, startBox.width), style, startBox, y));
      this.marked(texts.end, () => this.draw(this.layOut(texts.end, style, endBox.width), style, { ...endBox, align: this.rtl ? "left" : "right" }, y));
      this.doc.page.margins.bottom = PAGE.margins.bottom;
    }
    this.doc.end();
    await this.ended;
    return new Uint8Array(Buffer.concat(this.chunks));
  }
}
