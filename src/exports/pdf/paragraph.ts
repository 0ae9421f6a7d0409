/**
 * Lays a paragraph out in lines, in any script and either direction, the
 * way the Unicode Bidirectional Algorithm (UAX #9) says: embedding levels
 * for the whole paragraph first (bidi-js), then the lines broken in text
 * order, then each line's runs put in visual order (rule L2).
 *
 * A run is a stretch of text in one direction and one face: Arabic letters
 * in Noto Sans Arabic going right to left, a Latin name inside them in Noto
 * Sans going left to right, the digits of a date left to right. Each run is
 * shaped on its own by HarfBuzz (shaped-font.ts), which joins the Arabic
 * letters, builds Devanagari and Bengali conjuncts and mirrors brackets.
 *
 * Nothing here knows about PDF: widths come from a `measure` function, so
 * the layout can be tested, and the typesetter draws the runs it returns.
 */
import { bidi, type EmbeddingLevels } from "../bidi.ts";
import { faceOf } from "../fonts.ts";
import type { Direction } from "../direction.ts";


/** A stretch of a line set in one face, in one direction. */
export interface Run {
  /** The characters in their stored order (the shaper puts them in visual order). */
  text: string;
  /** Index in FACES. */
  face: number;
  rtl: boolean;
  /** Points. */
  width: number;
}

export interface Line {
  /** Left to right, as drawn. */
  runs: Run[];
  /** Points. */
  width: number;
}

export interface ParagraphFonts {
  /** The width in points of `text` set as one run in face `face`, in the given direction. */
  measure(text: string, face: number, rtl: boolean): number;
  /** Whether face `face` has a glyph for the character. */
  has(face: number, codePoint: number): boolean;
  /** How many faces there are (the fallback for a character no script claims is the first that has it). */
  count: number;
}

export interface Paragraph {
  lines: Line[];
  /** The faces the paragraph uses, for its line height. */
  faces: Set<number>;
}

/** Spaces and zero-width spaces (the Burmese line breaker's): a line may end after them, and a line's trailing ones are not drawn. */
const SPACE = /[\s\u200B]/u;

/**
 * @param text the paragraph, with zero-width spaces where a line may end inside a word (line-breaks.ts)
 * @param direction the paragraph's direction: the language's, not guessed from the text, so a name in Latin letters that opens an Arabic paragraph does not turn it around
 * @param width points available for each line
 */
export function layOut(text: string, direction: Direction, width: number, fonts: ParagraphFonts): Paragraph {
  const faces = facesOf(text, fonts);
  const embedding = bidi.getEmbeddingLevels(text, direction);
  const widthOf = (start: number, end: number): number => runsOf(text, start, end, faces, embedding.levels, fonts).reduce((sum, run) => sum + run.width, 0);
  const lines = breakLines(text, width, widthOf).map(({ start, end }) => visualLine(text, start, end, faces, embedding, fonts));
  return { lines: lines.filter((line) => line.runs.length > 0 || lines.length === 1), faces: new Set(faces) };
}

/**
 * The face of each UTF-16 unit: the face made for a letter's script; for a
 * space, digit or punctuation mark, the face of the letter before it (or
 * after it, at the start), so that it sits on the same baseline with the
 * same spacing; failing that, the first face that has it.
 */
function facesOf(text: string, fonts: ParagraphFonts): number[] {
  const characters = [...text];
  const own = characters.map((character) => faceOf(character));
  const chosen: number[] = [];
  let previous: number | undefined;
  characters.forEach((character, index) => {
    const codePoint = character.codePointAt(0) ?? 0;
    const next = own.slice(index).find((face) => face !== undefined);
    const candidates = [own[index], previous, next].filter((face): face is number => face !== undefined);
    const face =
      candidates.find((each) => fonts.has(each, codePoint) || SPACE.test(character) || /\p{Default_Ignorable_Code_Point}/u.test(character)) ??
      Array.from({ length: fonts.count }, (_, each) => each).find((each) => fonts.has(each, codePoint)) ??
      0;
    previous = face;
    for (let unit = 0; unit < character.length; unit += 1) chosen.push(face);
  });
  return chosen;
}

/** Runs of one face and one level between `start` and `end`, in text order. */
function runsOf(text: string, start: number, end: number, faces: number[], levels: Uint8Array, fonts: ParagraphFonts): Run[] {
  const runs: Run[] = [];
  let from = start;
  for (let index = start + 1; index <= end; index += 1) {
    if (index === end || faces[index] !== faces[from] || levels[index] !== levels[from]) {
      const piece = text.slice(from, index);
      const face = faces[from] ?? 0;
      const rtl = (levels[from] ?? 0) % 2 === 1;
      runs.push({ text: piece, face, rtl, width: fonts.measure(piece, face, rtl) });
      from = index;
    }
  }
  return runs;
}

/**
 * Where the lines start and end, filling each line with as many words as fit
 * (a word here is what lies between places a line may end). A word wider
 * than a line is cut between letters (whole grapheme clusters), not left
 * running into the margin.
 */
function breakLines(text: string, width: number, widthOf: (start: number, end: number) => number): { start: number; end: number }[] {
  const words = wordsOf(text);
  const lines: { start: number; end: number }[] = [];
  let line: { start: number; end: number } | null = null;
  for (const word of words) {
    const end = trimmedEnd(text, word.start, word.end);
    if (line !== null && widthOf(line.start, end) <= width) {
      line.end = word.end;
      continue;
    }
    if (line !== null) lines.push(line);
    line = { start: word.start, end: word.end };
    if (widthOf(word.start, end) > width) {
      for (const piece of cutWord(text, word.start, end, width, widthOf)) lines.push(piece);
      line = lines.pop() ?? null;
      if (line) line.end = word.end;
    }
  }
  if (line !== null) lines.push(line);
  return lines.map(({ start, end }) => ({ start, end: trimmedEnd(text, start, end) }));
}

function wordsOf(text: string): { start: number; end: number }[] {
  const words: { start: number; end: number }[] = [];
  let start = 0;
  for (let index = 1; index < text.length; index += 1) {
    if (SPACE.test(text[index - 1] ?? "") && !SPACE.test(text[index] ?? "")) {
      words.push({ start, end: index });
      start = index;
    }
  }
  words.push({ start, end: text.length });
  return words;
}

function trimmedEnd(text: string, start: number, end: number): number {
  let last = end;
  while (last > start && SPACE.test(text[last - 1] ?? "")) last -= 1;
  return last;
}

function cutWord(text: string, start: number, end: number, width: number, widthOf: (start: number, end: number) => number): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  let piece = { start, end: start };
  for (const { index, segment } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text.slice(start, end))) {
    const after = start + index + segment.length;
    if (piece.end > piece.start && widthOf(piece.start, after) > width) {
      pieces.push(piece);
      piece = { start: start + index, end: after };
    } else {
      piece.end = after;
    }
  }
  pieces.push(piece);
  return pieces;
}

/** The runs of one line in the order they are drawn, left to right (UAX #9, rule L2). */
function visualLine(text: string, start: number, end: number, faces: number[], embedding: EmbeddingLevels, fonts: ParagraphFonts): Line {
  if (end <= start) return { runs: [], width: 0 };
  const order = Array.from({ length: end - start }, (_, offset) => start + offset);
  for (const [from, to] of bidi.getReorderSegments(text, embedding, start, end - 1)) {
    if (from === undefined || to === undefined) continue;
    const reversed = order.slice(from - start, to - start + 1).reverse();
    order.splice(from - start, reversed.length, ...reversed);
  }
  // Consecutive units that were neighbours in the text, at one level and in one face, are one run.
  const spans: { first: number; last: number }[] = [];
  for (const index of order) {
    const span = spans.at(-1);
    const level = embedding.levels[index] ?? 0;
    const step = level % 2 === 1 ? -1 : 1;
    if (span && span.last + step === index && embedding.levels[span.last] === level && faces[span.last] === faces[index]) span.last = index;
    else spans.push({ first: index, last: index });
  }
  const runs = spans.map(({ first, last }) => {
    const from = Math.min(first, last);
    const piece = text.slice(from, Math.max(first, last) + 1);
    const face = faces[from] ?? 0;
    const rtl = (embedding.levels[from] ?? 0) % 2 === 1;
    return { text: piece, face, rtl, width: fonts.measure(piece, face, rtl) };
  });
  return { runs, width: runs.reduce((sum, run) => sum + run.width, 0) };
}
