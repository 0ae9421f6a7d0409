/**
 * The typefaces the exports draw with, all from npm packages as TrueType
 * (not WOFF: HarfBuzz, which shapes the PDF's text, reads only plain
 * OpenType files, and the fonts must keep their GSUB/GPOS tables).
 *
 * Noto Sans sets Latin, Cyrillic and Greek with ordinary line spacing;
 * Noto Sans Myanmar sets Burmese (and Shan, Mon, Karen letters), plus Latin
 * drawn exactly like Noto Sans, so a Burmese name inside an English sentence
 * looks of a piece with it. Burmese needs tall lines for its stacked
 * letters, which is why it is not the face for everything.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export type FontWeight = "regular" | "bold";

export interface Face {
  /** The family name the font files declare; charts ask for it by this name. */
  family: string;
  files: Record<FontWeight, string>;
}

/** In order of preference: a text is set in the first face that has all its letters. */
export const FACES: readonly Face[] = [
  {
    family: "Noto Sans",
    files: {
      regular: require.resolve("@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf"),
      bold: require.resolve("@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf"),
    },
  },
  {
    family: "Noto Sans Myanmar",
    files: {
      regular: require.resolve("@expo-google-fonts/noto-sans-myanmar/400Regular/NotoSansMyanmar_400Regular.ttf"),
      bold: require.resolve("@expo-google-fonts/noto-sans-myanmar/700Bold/NotoSansMyanmar_700Bold.ttf"),
    },
  },
];

/** The families as a CSS font list, for renderers that fall back from one to the next by themselves. */
export const FONT_LIST = FACES.map((face) => `'${face.family}'`).join(", ");

const loaded = new Map<string, Uint8Array>();

/** The bytes of a font file, read once per process. */
export function fontBytes(path: string): Uint8Array {
  const cached = loaded.get(path);
  if (cached) return cached;
  const bytes = new Uint8Array(readFileSync(path));
  loaded.set(path, bytes);
  return bytes;
}
