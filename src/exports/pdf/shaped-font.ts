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
 * It shapes right-to-left text too: Arabic letters joined, in visual order,
 * brackets mirrored. Laying a paragraph out (which runs go which way, where
 * lines end, the order of runs on a line) is the typesetter's job
 * (paragraph.ts); this font is handed one run at a time, in one direction.
 *
 * pdfkit (0.20 and later) takes, instead of a font file, any object with a
 * fontkit font's members and a `layout` method: this class is that object,
 * exposing just the members pdfkit reads. The PDF tests render through it,
 * so a pdfkit that starts to read another member fails them loudly.
 */
import * as fontkit from "fontkit";
import * as hb from "harfbuzzjs";
import { bidi } from "../bidi.ts";

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


/** A character of one script, as HarfBuzz names scripts (ISO 15924); Common and Inherited ones belong to the run they are in. */
const SCRIPT_TAGS: readonly [RegExp, string][] = [
  [/\p{Script=Myanmar}/u, "Mymr"],
  [/\p{Script=Arabic}/u, "Arab"],
  [/\p{Script=Devanagari}/u, "Deva"],
  [/\p{Script=Bengali}/u, "Beng"],
  [/\p{Script=Georgian}/u, "Geor"],
  [/\p{Script=Cyrillic}/u, "Cyrl"],
  [/\p{Script=Greek}/u, "Grek"],
  [/\p{Script=Latin}/u, "Latn"],
];

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

  /** Whether the font has a glyph of its own for the character. */
  has(codePoint: number): boolean {
    return this.font.hasGlyphForCodePoint(codePoint);
  }

  getGlyph(id: number, codePoints?: number[]): fontkit.Glyph {
    return this.font.getGlyph(id, codePoints);
  }

  createSubset(): fontkit.Subset {
    return this.font.createSubset();
  }

  /**
   * Shapes `text` as one run in one direction: that of its first strong
   * character (a letter, or a left-to-right or right-to-left mark the
   * typesetter puts first), as the Unicode Bidirectional Algorithm decides a
   * paragraph's (rules P2, P3); left to right when it has none. The glyphs
   * come back in visual order, left to right.
   *
   * A run is shaped one script at a time: HarfBuzz shapes a buffer as a
   * single script, and a word may mix Burmese with Latin letters or digits.
   */
  layout(text: string): ShapedRun {
    const direction = firstStrongDirection(text);
    const parts = scriptRuns(text);
    // Right to left, the script that comes first in the text is drawn rightmost.
    if (direction === "rtl") parts.reverse();
    const run: ShapedRun = { glyphs: [], positions: [], advanceWidth: 0 };
    for (const { text: part, script } of parts) {
      const shaped = this.shape(part, script, direction);
      run.glyphs.push(...shaped.glyphs);
      run.positions.push(...shaped.positions);
      run.advanceWidth += shaped.advanceWidth;
    }
    return run;
  }

  private shape(text: string, script: string | null, direction: "ltr" | "rtl"): ShapedRun {
    const buffer = new hb.Buffer();
    buffer.addText(text);
    buffer.guessSegmentProperties();
    if (script !== null) buffer.setScript(script);
    // Right to left, HarfBuzz also mirrors brackets: "(" after an Arabic word is drawn as ")".
    buffer.setDirection(direction === "rtl" ? hb.Direction.RTL : hb.Direction.LTR);
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

/** The direction of the text's first strong character (P2, P3 of the Unicode Bidirectional Algorithm); left to right when none is. */
export function firstStrongDirection(text: string): "ltr" | "rtl" {
  for (const character of text) {
    const type = bidi.getBidiCharTypeName(character);
    if (type === "L") return "ltr";
    if (type === "R" || type === "AL") return "rtl";
  }
  return "ltr";
}

function scriptTag(character: string): string | null {
  return SCRIPT_TAGS.find(([pattern]) => pattern.test(character))?.[1] ?? null;
}

/**
 * Splits text into runs of one script each (as HarfBuzz tags them), in
 * text order. Characters of no one script (spaces, digits, punctuation,
 * marks) stay in the run they are in; `script` is null for a run of only those.
 */
export function scriptRuns(text: string): { text: string; script: string | null }[] {
  const runs: { text: string; script: string | null }[] = [];
  for (const character of text) {
    const tag = scriptTag(character);
    const last = runs.at(-1);
    if (last && (tag === null || last.script === tag || last.script === null)) {
      last.text += character;
      last.script ??= tag;
    } else {
      runs.push({ text: character, script: tag });
    }
  }
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
