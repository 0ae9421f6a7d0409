import { spawnSync } from "node:child_process";
import { inflateSync } from "node:zlib";
import { PDFParse } from "pdf-parse";
import { afterAll, describe, expect, it } from "vitest";
import { toPdfBrief, type PdfFile } from "../../src/exports/index.ts";
import { burmeseReport, englishReport } from "./fixtures.ts";
import { SCRIPT_SAMPLES, sampleReport, sampleTexts } from "./scripts.ts";
import { texts } from "./texts.ts";

const parsers: PDFParse[] = [];
afterAll(async () => {
  await Promise.all(parsers.map((parser) => parser.destroy()));
});

async function read(file: PdfFile): Promise<{ text: string; title: unknown; created: unknown; pages: number }> {
  const parser = new PDFParse({ data: file.data.slice() });
  parsers.push(parser);
  // One request at a time: pdf.js's fake worker mixes up concurrent ones.
  const text = await parser.getText();
  const info = await parser.getInfo();
  return { text: text.text, title: info.info?.Title, created: info.info?.CreationDate, pages: text.total };
}

/** Poppler's pdftotext reads /ActualText, so it gives Burmese back in stored order; pdf.js gives the glyphs' visual order. */
const hasPdftotext = spawnSync("pdftotext", ["-v"]).status === 0;
const pdftotext = (file: PdfFile): string => spawnSync("pdftotext", ["-", "-"], { input: file.data, encoding: "utf8" }).stdout;

const raw = (file: PdfFile): string => Buffer.from(file.data).toString("latin1");

/** The /ActualText of every marked span in the PDF's content streams, decoded (pdfkit writes them as UTF-16BE literal strings). */
function actualTexts(file: PdfFile): string[] {
  const streams = [...raw(file).matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].flatMap((match) => {
    try {
      return [inflateSync(Buffer.from(match[1] ?? "", "latin1")).toString("latin1")];
    } catch {
      return [];
    }
  });
  const unescape = (literal: string): string => literal.replace(/\\([nrtbf()\\])/g, (_, character: string) => ({ n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" })[character] ?? character);
  return streams.flatMap((stream) =>
    [...stream.matchAll(/\/ActualText \(((?:[^\\)]|\\[\s\S])*)\)/g)].map((match) => {
      const bytes = Buffer.from(unescape(match[1] ?? ""), "latin1");
      // Past the byte order mark; swap to the little-endian order Node decodes.
      return Buffer.from(bytes.subarray(2)).swap16().toString("utf16le");
    }),
  );
}

describe("toPdfBrief", () => {
  it("makes a PDF named by the report's date", async () => {
    const file = await toPdfBrief(englishReport(), texts, "en");
    expect(file).toMatchObject({ name: "baraza-brief-2025-03-07.pdf", mime: "application/pdf" });
    expect(raw(file).startsWith("%PDF-")).toBe(true);
  });

  it("names the group, its place and step, the priorities, the plans' progress, the evaluation and the lessons", async () => {
    const { text, title, pages } = await read(await toPdfBrief(englishReport(), texts, "en"));
    expect(title).toBe("Community security brief: Mae Ra Moo Community Security Working Group");
    for (const expected of [
      "Mae Ra Moo Community Security Working Group",
      "Place: Hpa-an Township, Kayin State",
      "Cycle 1, step 4 of 5: Implement and monitor",
      "The community's priorities",
      "1. Motorbike theft near the market at night: 21 points",
      "10 of 12 members voted (83%).",
      "Action plans and progress",
      "Plan for: Motorbike theft near the market at night",
      "Tasks: 1 done, 1 in progress, 1 not started, 1 dropped.",
      "Write to the township police",
      "Latest progress:",
      "Write to the township police (2025-02-18): Letter delivered; the station chief",
      "Motorbikes stolen at the market each month: at the start 5, now 2, aim 0",
      "Next review: 2025-03-15",
      "Evaluation and lessons",
      "What did not work:",
      "Lessons learned",
      "Officials answer faster when traders, police and villagers ask together.",
      `Page 1 of ${pages}`,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("embeds Noto Sans for English and Noto Sans Myanmar for the Burmese words inside it", async () => {
    const report = englishReport();
    report.lessons.push("Meet at ဦးကျော်ဝင်း's tea shop, where everyone can come.");
    const pdf = raw(await toPdfBrief(report, texts, "en"));
    expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+NotoSans-Regular/);
    expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansMyanmar-Regular/);
  });

  it("dates the file by the report, not by the moment it was written", async () => {
    expect((await read(await toPdfBrief(englishReport(), texts, "en"))).created).toBe("D:20250306230000Z");
  });

  it("writes a Burmese brief in Burmese, set in Noto Sans Myanmar", async () => {
    const file = await toPdfBrief(burmeseReport(), texts, "my");
    const { title, pages } = await read(file);
    expect(title).toBe("ရပ်ရွာလုံခြုံရေး အကျဉ်းချုပ်: မယ်ရမူး ရပ်ရွာလုံခြုံရေး လုပ်ငန်းအဖွဲ့");
    expect(pages).toBeGreaterThan(0);
    expect(raw(file)).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansMyanmar-Bold/);
  });

  it.runIf(hasPdftotext)("lets Burmese be copied out in the order it was written", async () => {
    const text = pdftotext(await toPdfBrief(burmeseReport(), texts, "my"));
    expect(text).toContain("မယ်ရမူး ရပ်ရွာလုံခြုံရေး လုပ်ငန်းအဖွဲ့");
    expect(text).toContain("ရပ်ရွာရဲ့ ဦးစားပေးကိစ္စများ");
    expect(text).toContain("မြို့နယ်ရဲစခန်းကို စာရေးမယ်");
    expect(text).not.toContain("\u200B");
  });
});

describe("toPdfBrief in every script", () => {
  const sampleWords = sampleTexts(SCRIPT_SAMPLES);
  const sample = (script: string) => {
    const found = SCRIPT_SAMPLES.find((each) => each.script === script);
    if (!found?.written) throw new Error(`No ${script} sample`);
    return { report: sampleReport(found.written), locale: found.locale };
  };
  const brief = async (script: string): Promise<PdfFile> => {
    const { report, locale } = sample(script);
    return toPdfBrief(report, sampleWords, locale);
  };

  it("embeds the face made for each script", async () => {
    for (const [script, font] of [["arabic", "NotoSansArabic"], ["devanagari", "NotoSansDevanagari"], ["bengali", "NotoSansBengali"], ["georgian", "NotoSansGeorgian"]] as const) {
      expect(raw(await brief(script))).toMatch(new RegExp(`/FontName /[A-Z]{6}\\+${font}-Bold`));
    }
  });

  it("sets the Latin name in an Arabic brief in Noto Sans, beside Noto Sans Arabic", async () => {
    const pdf = raw(await brief("arabic"));
    expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+NotoSansArabic-Regular/);
    expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+NotoSans-Regular/);
  });

  it("titles an Arabic brief in Arabic and gives it Arabic as its language", async () => {
    const file = await brief("arabic");
    expect((await read(file)).title).toBe("موجز أمن المجتمع: \u2068مجموعة عمل أمن المجتمع في حي الشيخ عثمان\u2069");
    expect(raw(file)).toContain("/Lang (ar)");
  });

  // Not read back with pdftotext or pdf.js: poppler reverses right-to-left /ActualText as if it were in visual order, and pdf.js ignores /ActualText (see typesetter.ts).
  it("carries each Arabic paragraph in the order it was written, for copying and search", async () => {
    const texts = actualTexts(await brief("arabic"));
    expect(texts).toContain("منذ 2026-10-01 سُرقت 6 دراجات من موقف السوق بعد المغرب. صوّت الأعضاء عبر /vote فجاءت هذه المشكلة أولاً.");
    // The count is isolated inside the points, and the points inside the line.
    expect(texts).toContain("1. \u2068سرقة الدراجات النارية قرب سوق Al-Mansoura ليلاً\u2069: \u2068\u206823\u2069 نقطة\u2069");
  });
});
