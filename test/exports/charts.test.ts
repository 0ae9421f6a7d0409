import { describe, expect, it } from "vitest";
import { progressChart, voteChart, type PngFile } from "../../src/exports/index.ts";
import { burmeseReport, englishReport } from "./fixtures.ts";
import { SCRIPT_SAMPLES, sampleReport, sampleTexts } from "./scripts.ts";
import { texts } from "./texts.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height as the PNG's own header (IHDR) states them. */
function pngSize(data: Uint8Array): { width: number; height: number } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function expectPng(file: PngFile | null, name: string): void {
  expect(file).not.toBeNull();
  if (!file) return;
  expect(file).toMatchObject({ name, mime: "image/png" });
  expect([...file.data.slice(0, 8)]).toEqual(PNG_SIGNATURE);
  const size = pngSize(file.data);
  expect(size).toEqual({ width: file.width, height: file.height });
  // Drawn at twice the layout size: wide enough to read on a phone, not a poster.
  expect(size.width).toBeGreaterThan(600);
  expect(size.width).toBeLessThan(2400);
  expect(size.height).toBeGreaterThan(200);
}

describe("voteChart", () => {
  it("draws the last vote as a PNG", async () => {
    expectPng(await voteChart(englishReport(), texts, "en"), "baraza-vote-2025-03-07.png");
  });

  it("draws a Burmese vote", async () => {
    expectPng(await voteChart(burmeseReport(), texts, "my"), "baraza-vote-2025-06-01.png");
  });

  it("gets taller with more options", async () => {
    const full = englishReport();
    const last = full.lastVote ?? { options: [], result: { method: "dot" as const, lines: [], runoffs: [] } };
    const few = await voteChart({ ...full, lastVote: { ...last, result: { ...last.result, lines: last.result.lines.slice(0, 2) } } }, texts, "en");
    const many = await voteChart(englishReport(), texts, "en");
    expect(many?.height ?? 0).toBeGreaterThan(few?.height ?? 0);
  });

  it("draws nothing before the group has voted", async () => {
    expect(await voteChart({ ...englishReport(), lastVote: null }, texts, "en")).toBeNull();
  });
});

describe("progressChart", () => {
  it("draws tasks by status and indicator readings as a PNG", async () => {
    expectPng(await progressChart(englishReport(), texts, "en"), "baraza-progress-2025-03-07.png");
  });

  it("draws Burmese progress", async () => {
    expectPng(await progressChart(burmeseReport(), texts, "my"), "baraza-progress-2025-06-01.png");
  });

  it("draws indicators alone when no plan has tasks yet", async () => {
    const report = englishReport();
    for (const plan of report.plans) plan.tasks = [];
    expectPng(await progressChart(report, texts, "en"), "baraza-progress-2025-03-07.png");
  });

  it("draws nothing while no plan has tasks or readings", async () => {
    const report = englishReport();
    for (const plan of report.plans) {
      plan.tasks = [];
      for (const indicator of plan.indicators) indicator.readings = [];
    }
    expect(await progressChart(report, texts, "en")).toBeNull();
  });
});

describe("charts in every script", () => {
  const sampleWords = sampleTexts(SCRIPT_SAMPLES);
  const written = SCRIPT_SAMPLES.flatMap((sample) => (sample.written ? [[sample.script, sample.locale, sample.written] as const] : []));

  it.each(written)("draws the vote and the progress in %s", async (_script, locale, sample) => {
    expectPng(await voteChart(sampleReport(sample), sampleWords, locale), "baraza-vote-2026-12-31.png");
    expectPng(await progressChart(sampleReport(sample), sampleWords, locale), "baraza-progress-2026-12-31.png");
  });
});
