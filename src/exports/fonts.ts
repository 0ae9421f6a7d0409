/**
 * The typefaces the exports draw with, all from npm packages as TrueType
 * (not WOFF: HarfBuzz, which shapes the PDF's text, reads only plain
 * OpenType files, and the fonts must keep their GSUB/GPOS tables).
 *
 * One Noto face per script, all drawn to one design, so a Burmese, Arabic
 * or Bengali name inside an English sentence looks of a piece with it:
 * Noto Sans sets Latin, Cyrillic and Greek; each other face sets its own
 * script, and the text is split into runs by script to pick the face
 * (see `faceOf`). Each face keeps its own line height: Burmese stacks
 * letters above and below, Arabic carries its vowel marks high and low,
 * so a paragraph takes the tallest line of the faces it uses.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export type FontWeight = "regular" | "bold";

export interface Face {
  /** The family name the font files declare; charts ask for it by this name. */
  family: string;
  files: Record<FontWeight, string>;
  /**
   * The Unicode scripts (as in `\p{Script=…}`) whose letters this face sets,
   * even when an earlier face also has glyphs for them: Noto Sans has
   * Devanagari too, but Noto Sans Devanagari is the face made for it.
   */
  scripts: readonly string[];
  /**
   * Room above and below the baseline, in ems, that a line of this face
   * needs. The fonts' own ascent and descent are made to clear the tallest
   * stack the font can build; Noto Sans Arabic's (1.37 + 0.74) would
   * double-space ordinary Arabic text, so its lines are set closer, as
   * Arabic books are, with room still for a vowel mark above and below.
   */
  line: { ascent: number; descent: number };
}

const noto = (name: string, file: string): Record<FontWeight, string> => ({
  regular: require.resolve(`@expo-google-fonts/${name}/400Regular/${file}_400Regular.ttf`),
  bold: require.resolve(`@expo-google-fonts/${name}/700Bold/${file}_700Bold.ttf`),
});

/** In order of preference: a character of none of the faces' scripts is set in the first face that has it. */
export const FACES: readonly Face[] = [
  { family: "Noto Sans", files: noto("noto-sans", "NotoSans"), scripts: ["Latin", "Cyrillic", "Greek"], line: { ascent: 1.069, descent: 0.293 } },
  { family: "Noto Sans Myanmar", files: noto("noto-sans-myanmar", "NotoSansMyanmar"), scripts: ["Myanmar"], line: { ascent: 1.324, descent: 0.86 } },
  { family: "Noto Sans Arabic", files: noto("noto-sans-arabic", "NotoSansArabic"), scripts: ["Arabic"], line: { ascent: 1.12, descent: 0.52 } },
  { family: "Noto Sans Devanagari", files: noto("noto-sans-devanagari", "NotoSansDevanagari"), scripts: ["Devanagari"], line: { ascent: 1.069, descent: 0.45 } },
  { family: "Noto Sans Bengali", files: noto("noto-sans-bengali", "NotoSansBengali"), scripts: ["Bengali"], line: { ascent: 1.069, descent: 0.45 } },
  { family: "Noto Sans Georgian", files: noto("noto-sans-georgian", "NotoSansGeorgian"), scripts: ["Georgian"], line: { ascent: 1.069, descent: 0.293 } },
];

/** The families as a CSS font list, for renderers that fall back from one to the next by themselves. */
export const FONT_LIST = FACES.map((face) => `'${face.family}'`).join(", ");

const SCRIPT_PATTERNS = FACES.map((face) => new RegExp(face.scripts.map((script) => `\\p{Script=${script}}`).join("|"), "u"));

/**
 * The index in FACES of the face made for `character`'s script, or
 * undefined for a character that belongs to no one script (a space, a digit,
 * punctuation, a combining mark shared by several scripts): those take the
 * face of the letters around them.
 */
export function faceOf(character: string): number | undefined {
  const index = SCRIPT_PATTERNS.findIndex((pattern) => pattern.test(character));
  return index < 0 ? undefined : index;
}

const loaded = new Map<string, Uint8Array>();

/** The bytes of a font file, read once per process. */
export function fontBytes(path: string): Uint8Array {
  const cached = loaded.get(path);
  if (cached) return cached;
  const bytes = new Uint8Array(readFileSync(path));
  loaded.set(path, bytes);
  return bytes;
}
