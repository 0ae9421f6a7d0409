/**
 * A font for pdfkit whose text is shaped by HarfBuzz instead of fontkit.
 *
 * Why: pdfkit lays text out with fontkit, and fontkit has no Myanmar shaper
 * (foliojs/fontkit#264, still open). Burmese then comes out in stored order:
 * the vowel sign ေ and the medial ြ land after their consonant instead of
 * before it, and the stacked and below-base forms are never chosen. HarfBuzz
 * (the shaper of browsers and LibreOffice, here compiled to WebAssembly) has
 * a Myanmar shaper, so it picks and places the glyphs; fontkit still reads
 * the font's metrics and cuts the subset that pdfkit embeds.
 *
 * pdfkit (0.20 and later) takes, instead of a font file, any object with a
 * fontkit font's members and a `layout` method: this class is that object,
 * exposing just the members pdfkit reads. The PDF tests render through it,
 * so a pdfkit that starts to read another member fails them loudly.
 */
import * as fontkit from "fontkit";
import * as hb from "harfbuzzjs";

/** The members of a fontkit font that pdfkit's embedded-font code reads. */
export interface PdfkitFont {
  readonly postscriptName: string;
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly lineGap: number;
  readonly capHeight: number;
  readonly xHeight: number;
  readonly italicAngle: number;
  readonly bbox: fontkit.BBOX;
  readonly "OS/2": fontkit.Os2Table;
  readonly post: { isFixedPitch: boolean };
  readonly head: { macStyle: { italic: boolean } };
  layout(text: string): ShapedRun;
  getGlyph(id: number, codePoints?: number[]): fontkit.Glyph;
  createSubset(): fontkit.Subset;
}

/**
 * A glyph as pdfkit embeds it: its id, its advance in font units, and the
 * characters it stands for. (Not fontkit's Glyph: fontkit caches one glyph
 * object per id and keeps the characters it was first made with, so the
 * same glyph would map to different text depending on what came before.)
 */
export interface ShapedGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/** What pdfkit takes from a layout: glyphs, their positions in font units, and the total advance. */
export interface ShapedRun {
  glyphs: ShapedGlyph[];
  positions: fontkit.GlyphPosition[];
  advanceWidth: number;
}

/** Myanmar letters, signs and digits, with the Extended-A and -B blocks used for Shan, Mon and Karen. */
const MYANMAR = /[\u1000-\u109F\uA9E0-\uA9FF\uAA60-\uAA7F]+/gu;

/** Characters that draw nothing; the line breaker adds zero-width spaces. */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

export class ShapedFont implements PdfkitFont {
  readonly post = { isFixedPitch: false };
  readonly head: { macStyle: { italic: boolean } };
  private readonly shaper: hb.Font;

  /**
   * @param bytes a TrueType or OpenType file (HarfBuzz reads neither WOFF nor WOFF2)
   * @param italic whether the face is italic; fontkit's typings do not expose the `head` table that says so
   */
  constructor(
    bytes: Uint8Array,
    private readonly font: fontkit.Font = openFont(bytes),
    italic = false,
  ) {
    this.shaper = new hb.Font(new hb.Face(new hb.Blob(bytes)));
    this.head = { macStyle: { italic } };
  }

  get postscriptName(): string { return this.font.postscriptName; }
  get unitsPerEm(): number { return this.font.unitsPerEm; }
  get ascent(): number { return this.font.ascent; }
  get descent(): number { return this.font.descent; }
  get lineGap(): number { return this.font.lineGap; }
  get capHeight(): number { return this.font.capHeight; }
  get xHeight(): number { return this.font.xHeight; }
  get italicAngle(): number { return this.font.italicAngle; }
  get bbox(): fontkit.BBOX { return this.font.bbox; }
  get "OS/2"(): fontkit.Os2Table { return this.font["OS/2"]; }

  /** How many of the text's visible characters the font has a glyph for. */
  covers(text: string): number {
    return [...text].filter((character) => !/[\s\p{Default_Ignorable_Code_Point}]/u.test(character) && this.font.hasGlyphForCodePoint(character.codePointAt(0) ?? 0)).length;
  }

  getGlyph(id: number, codePoints?: number[]): fontkit.Glyph {
    return this.font.getGlyph(id, codePoints);
  }

  createSubset(): fontkit.Subset {
    return this.font.createSubset();
  }

  /**
   * Shapes `text`, one script run at a time: HarfBuzz shapes a buffer as a
   * single script, and a word may mix Burmese with Latin letters or digits.
   */
  layout(text: string): ShapedRun {
    const run: ShapedRun = { glyphs: [], positions: [], advanceWidth: 0 };
    for (const { text: part, myanmar } of scriptRuns(text)) {
      const shaped = this.shape(part, myanmar);
      run.glyphs.push(...shaped.glyphs);
      run.positions.push(...shaped.positions);
      run.advanceWidth += shaped.advanceWidth;
    }
    return run;
  }

  private shape(text: string, myanmar: boolean): ShapedRun {
    const buffer = new hb.Buffer();
    buffer.addText(text);
    buffer.guessSegmentProperties();
    if (myanmar) buffer.setScript("Mymr");
    buffer.setDirection(hb.Direction.LTR);
    // The line breaker's zero-width spaces must leave no glyph behind, or they would be copied out of the PDF as spaces.
    buffer.setFlags(hb.BufferFlag.REMOVE_DEFAULT_IGNORABLES);
    hb.shape(this.shaper, buffer);
    const infos = buffer.getGlyphInfos();
    const positions = buffer.getGlyphPositions();
    const codePoints = clusterCodePoints(text, infos, (codePoint) => this.shaper.nominalGlyph(codePoint));
    const run: ShapedRun = { glyphs: [], positions: [], advanceWidth: 0 };
    infos.forEach((info, index) => {
      const position = positions[index] ?? { xAdvance: 0, yAdvance: 0, xOffset: 0, yOffset: 0 };
      run.glyphs.push({ id: info.codepoint, advanceWidth: this.shaper.glyphHAdvance(info.codepoint), codePoints: codePoints[index] ?? [] });
      run.positions.push({ xAdvance: position.xAdvance, yAdvance: position.yAdvance, xOffset: position.xOffset, yOffset: position.yOffset });
      run.advanceWidth += position.xAdvance;
    });
    return run;
  }
}

function openFont(bytes: Uint8Array): fontkit.Font {
  const font = fontkit.create(Buffer.from(bytes));
  if ("fonts" in font) throw new Error("Give the PDF a single font file (.ttf or .otf), not a font collection.");
  return font;
}

/** Splits text into alternating runs of Myanmar script and everything else. */
export function scriptRuns(text: string): { text: string; myanmar: boolean }[] {
  const runs: { text: string; myanmar: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(MYANMAR)) {
    if (match.index > last) runs.push({ text: text.slice(last, match.index), myanmar: false });
    runs.push({ text: match[0], myanmar: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ text: text.slice(last), myanmar: false });
  return runs;
}

/**
 * The characters each glyph stands for, so that text copied out of the PDF
 * is the text that went in. A PDF maps each glyph, not each occurrence, to
 * characters; so a glyph that is a character's own (its nominal glyph) gets
 * that character, and the characters of a cluster that no glyph owns go to
 * the cluster's first other glyph (a ligature, a contextual form).
 */
function clusterCodePoints(text: string, infos: hb.GlyphInfo[], nominal: (codePoint: number) => number | undefined): number[][] {
  const starts = [...new Set(infos.map((info) => info.cluster))].sort((a, b) => a - b);
  const result: number[][] = infos.map(() => []);
  for (const [order, start] of starts.entries()) {
    const end = starts[order + 1] ?? text.length;
    const characters = [...text.slice(start, end)].map((character) => character.codePointAt(0) ?? 0).filter((codePoint) => !IGNORABLE.test(String.fromCodePoint(codePoint)));
    const glyphIndices = infos.flatMap((info, index) => (info.cluster === start ? [index] : []));
    const owned = new Set<number>();
    for (const index of glyphIndices) {
      const own = characters.find((codePoint) => !owned.has(codePoint) && nominal(codePoint) === infos[index]?.codepoint);
      if (own === undefined) continue;
      owned.add(own);
      result[index] = [own];
    }
    const rest = characters.filter((codePoint) => !owned.has(codePoint));
    const firstOther = glyphIndices.find((index) => result[index]?.length === 0);
    if (firstOther !== undefined) result[firstOther] = rest;
  }
  return result;
}
