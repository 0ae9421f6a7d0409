/**
 * The brief's first page in each script the languages use, compared with a
 * page a person has looked at and found right (test/exports/fixtures/):
 * Devanagari and Bengali conjuncts and vowel signs, Georgian, Cyrillic,
 * Burmese stacks, Arabic joined and laid out right to left with Latin names,
 * digits and dates in order. The comparison forgives anti-aliasing and a
 * pixel's shift (pixels.ts), not a missing, different or misplaced glyph.
 *
 * To make the fixtures again after a deliberate change to the brief's look:
 *
 *     UPDATE_FIXTURES=1 npx vitest run test/exports/scripts.test.ts
 *
 * then open each test/exports/fixtures/brief-<script>.png and look at it
 * before committing it (in Arabic, check by eye that each line starts at
 * the right, the words' letters join, and a Latin name or date inside a
 * line reads left to right). A failing comparison writes what it drew
 * beside the fixture as brief-<script>.actual.png (not committed).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { toPdfBrief } from "../../src/exports/index.ts";
import { burmeseReport, englishReport } from "./fixtures.ts";
import { pageImage } from "./page-image.ts";
import { decodePng, differingPixels } from "./pixels.ts";
import { SCRIPT_SAMPLES, sampleReport, sampleTexts, type ScriptSample } from "./scripts.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const UPDATE = process.env["UPDATE_FIXTURES"] === "1";
/** Pixels per PDF point: enough for a vowel sign or a dot to be several pixels. */
const SCALE = 2;
/** Pixels that may differ on another machine's renderer. At this scale one letter changed in a word differs by about 30, a glyph missing (a box) by about 50, two words swapped by about 190. */
const ALLOWED = 12;

const texts = sampleTexts(SCRIPT_SAMPLES);

function reportOf(sample: ScriptSample) {
  if (sample.written) return sampleReport(sample.written);
  return sample.locale === "my" ? burmeseReport() : englishReport();
}

describe("the brief's first page, in each script", () => {
  it.each(SCRIPT_SAMPLES.map((sample) => [sample.script, sample] as const))("looks as it did when checked by eye: %s", async (script, sample) => {
    const pdf = await toPdfBrief(reportOf(sample), texts, sample.locale);
    const page = await pageImage(pdf.data, 1, SCALE);
    const fixture = `${FIXTURES}brief-${script}.png`;
    const actual = `${FIXTURES}brief-${script}.actual.png`;
    if (UPDATE) {
      mkdirSync(FIXTURES, { recursive: true });
      writeFileSync(fixture, page.png);
    }
    if (!existsSync(fixture)) throw new Error(`No fixture ${fixture}: make it with UPDATE_FIXTURES=1 and look at it.`);
    const differing = differingPixels(page, await decodePng(new Uint8Array(readFileSync(fixture))));
    if (differing > ALLOWED) writeFileSync(actual, page.png);
    else rmSync(actual, { force: true });
    expect(differing, `${differing} pixels differ from ${fixture}; see ${actual}`).toBeLessThanOrEqual(ALLOWED);
  });
});
