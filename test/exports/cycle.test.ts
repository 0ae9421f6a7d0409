/**
 * Every export says which cycle it covers, with its dates in the group's
 * time zone: the current one "until now", a finished one from its start to
 * its end. CSV, Markdown and the PDF brief, in English and Burmese.
 */
import { parse } from "csv-parse/sync";
import { PDFParse } from "pdf-parse";
import { afterAll, describe, expect, it } from "vitest";
import { toCsv, toMarkdown, toPdfBrief } from "../../src/exports/index.ts";
import { burmeseReport, englishReport } from "./fixtures.ts";
import { texts } from "./texts.ts";

const parsers: PDFParse[] = [];
afterAll(async () => {
  await Promise.all(parsers.map((parser) => parser.destroy()));
});

const decode = (data: Uint8Array): string => new TextDecoder().decode(data);

async function pdfText(data: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: data.slice() });
  parsers.push(parser);
  return (await parser.getText()).text;
}

function cycleRows(report: ReturnType<typeof englishReport>, locale: string): string[][] {
  const file = toCsv(report, texts, locale).find((each) => each.name.startsWith("baraza-cycle-"));
  if (!file) throw new Error("no cycle file");
  return parse(decode(file.data), { bom: true });
}

describe("which cycle an export covers", () => {
  it("the current cycle: its number and start, in the group's time zone, until now", async () => {
    // The cycle began at 03:00 UTC on 5 January: 09:30 in Yangon.
    const sentence = "This report covers cycle 1, from 2025-01-05 until now.";
    expect(decode(toMarkdown(englishReport(), texts, "en").data)).toContain(`- ${sentence}`);
    expect(await pdfText((await toPdfBrief(englishReport(), texts, "en")).data)).toContain(sentence);
    expect(cycleRows(englishReport(), "en")).toEqual([
      ["Cycle", "Began", "Ended", "Step reached"],
      ["1", "2025-01-05", "", "Implement and monitor"],
    ]);
  });

  it("a finished cycle: its number, start and end, in Burmese for a Burmese reader", () => {
    const sentence = "ဒီအစီရင်ခံစာက လုပ်ငန်းစဉ် အကြိမ် 2 အကြောင်းပါ၊ 2025-01-10 ကနေ 2025-05-30 အထိ။ အဲဒီ လုပ်ငန်းစဉ် ပြီးသွားပါပြီ။";
    expect(decode(toMarkdown(burmeseReport(), texts, "my").data)).toContain(sentence);
    expect(cycleRows(burmeseReport(), "my")).toEqual([
      ["လုပ်ငန်းစဉ် အကြိမ်", "စတင်ခဲ့တဲ့ရက်", "ပြီးဆုံးခဲ့တဲ့ရက်", "ရောက်ခဲ့တဲ့ အဆင့်"],
      ["2", "2025-01-10", "2025-05-30", texts.t("my", "steps.5.name")],
    ]);
  });

  it("dates a cycle's end by the group's day: 23:00 UTC is already the next day in Yangon", () => {
    const report = { ...englishReport(), cycleClosedAt: new Date("2025-03-01T23:00:00Z") };
    expect(decode(toMarkdown(report, texts, "en").data)).toContain("This report covers cycle 1, from 2025-01-05 to 2025-03-02. That cycle is over.");
  });
});
