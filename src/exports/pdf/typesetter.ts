/**
 * A few typographic blocks (headings, paragraphs, bullets, pictures) on top
 * of pdfkit, so the brief's code says what it shows, not where to draw it.
 *
 * Rules it keeps for every block:
 * - each block is set in the first of the exports' faces that has all its
 *   letters (Noto Sans, else Noto Sans Myanmar, which also has Latin), so
 *   English keeps ordinary line spacing and Burmese gets the tall lines its
 *   stacked letters need;
 * - text is shaped by HarfBuzz (see shaped-font.ts), with zero-width spaces
 *   between Burmese syllables so long Burmese phrases wrap instead of
 *   running off the page;
 * - a block never splits across pages, and a heading never ends a page;
 * - each block carries its text as /ActualText, so copying from the PDF
 *   (and search in readers that honour it) gives the characters in their
 *   stored order rather than the visual order of the shaped glyphs.
 */
import PDFDocument from "pdfkit";
import { FACES, fontBytes, type FontWeight } from "../fonts.ts";
import { breakable } from "../line-breaks.ts";
import { ShapedFont } from "./shaped-font.ts";

export interface Style {
  weight: FontWeight;
  size: number;
  colour: string;
  /** Points below the block. */
  after: number;
  /** Points from the left margin. */
  indent: number;
  /** Points that must fit below the block on the same page (the first lines of what a heading introduces). */
  keepWithNext?: number;
}

export interface Footer {
  left: string;
  right: string;
}

const PAGE = { size: "A4", margins: { top: 56, bottom: 64, left: 60, right: 60 } } as const;
const LINE_GAP = 2;
const FOOTER_SIZE = 8;

interface LoadedFace {
  /** The names the faces' weights are registered under in each document. */
  names: Record<FontWeight, string>;
  fonts: Record<FontWeight, ShapedFont>;
}

let faces: LoadedFace[] | undefined;

/** Parsing the fonts and starting HarfBuzz takes a moment: done once per process, on the first brief. */
function loadedFaces(): LoadedFace[] {
  faces ??= FACES.map((face, index) => ({
    names: { regular: `face${index}-regular`, bold: `face${index}-bold` },
    fonts: { regular: new ShapedFont(fontBytes(face.files.regular)), bold: new ShapedFont(fontBytes(face.files.bold)) },
  }));
  return faces;
}

/** The registered name of the face and weight to set `text` in: the most letters covered, the earlier face on a tie. */
function fontFor(text: string, weight: FontWeight): string {
  let best = { name: "", covered: -1 };
  for (const face of loadedFaces()) {
    const covered = face.fonts[weight].covers(text);
    if (covered > best.covered) best = { name: face.names[weight], covered };
  }
  return best.name;
}

export class Typesetter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Uint8Array[] = [];
  private readonly ended: Promise<void>;

  /**
   * @param title the document title readers show in their title bar
   * @param lang the BCP 47 language of the text, for screen readers and hyphenation
   * @param createdAt recorded as the creation date: when the report was made, which is what a reader wants to know
   */
  constructor(title: string, lang: string, createdAt: Date) {
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

  /** Starts a new page unless `height` points still fit on this one. */
  private fit(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  private measure(text: string, style: Style, indent: number): number {
    return this.doc.font(fontFor(text, style.weight)).fontSize(style.size).heightOfString(breakable(text), { width: this.width - indent, lineGap: LINE_GAP });
  }

  /**
   * Sets `text` at a place. `fontOf` picks the face when it is not the
   * text's own: a list marker takes its item's face, so both share a baseline.
   */
  private draw(text: string, style: Style, at: { x: number; y: number; width?: number; align?: "left" | "right"; fontOf?: string }): void {
    this.doc.font(fontFor(at.fontOf ?? text, style.weight)).fontSize(style.size).fillColor(style.colour);
    this.doc.text(breakable(text), at.x, at.y, { width: at.width ?? this.width - (at.x - PAGE.margins.left), align: at.align ?? "left", lineGap: LINE_GAP });
  }

  /** What `drawing` sets on the page, marked as standing for `text` when copied or searched. */
  private marked(text: string, drawing: () => void): void {
    this.doc.markContent("Span", { actual: text });
    drawing();
    this.doc.endMarkedContent();
  }

  /** A heading, paragraph or line of text. */
  block(text: string, style: Style): void {
    this.fit(this.measure(text, style, style.indent) + (style.keepWithNext ?? 0));
    this.marked(text, () => this.draw(text, style, { x: PAGE.margins.left + style.indent, y: this.doc.y }));
    this.doc.y += style.after;
  }

  /** A list item: the marker hangs in the indent, the text wraps under itself. */
  bullet(text: string, style: Style, marker = "•"): void {
    // Wide enough for "12." as well as "•".
    const hang = Math.max(style.size * 1.1, this.doc.font(fontFor(text, style.weight)).fontSize(style.size).widthOfString(marker) + style.size * 0.4);
    this.fit(this.measure(text, style, style.indent + hang));
    const x = PAGE.margins.left + style.indent;
    const y = this.doc.y;
    this.marked(`${marker} ${text}`, () => {
      this.draw(marker, style, { x, y, width: hang, fontOf: text });
      this.draw(text, style, { x: x + hang, y });
    });
    this.doc.y += style.after;
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
    for (let index = start; index < start + count; index += 1) {
      this.doc.switchToPage(index);
      const { left, right } = footer(index - start + 1, count);
      const y = this.doc.page.height - PAGE.margins.bottom + 24;
      // The footer sits in the bottom margin: with the margin in force, pdfkit would move it to a new page.
      this.doc.page.margins.bottom = 0;
      this.marked(left, () => this.draw(left, style, { x: PAGE.margins.left, y, width: this.width * 0.7 }));
      this.marked(right, () => this.draw(right, style, { x: PAGE.margins.left + this.width * 0.7, y, width: this.width * 0.3, align: "right" }));
      this.doc.page.margins.bottom = PAGE.margins.bottom;
    }
    this.doc.end();
    await this.ended;
    return new Uint8Array(Buffer.concat(this.chunks));
  }
}
