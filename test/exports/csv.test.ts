import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv, type CsvFile } from "../../src/exports/index.ts";
import { burmeseReport, englishReport } from "./fixtures.ts";
import { texts } from "./texts.ts";

const BOM = [0xef, 0xbb, 0xbf];

function file(files: CsvFile[], what: string): CsvFile {
  const found = files.find((each) => each.name.includes(`-${what}-`));
  if (!found) throw new Error(`no ${what} file among ${files.map((each) => each.name).join(", ")}`);
  return found;
}

/** Rows as the csv library reads them back, the header row first. */
function rows(csv: CsvFile): string[][] {
  return parse(new TextDecoder().decode(csv.data), { bom: true });
}

describe("toCsv", () => {
  const files = toCsv(englishReport(), texts, "en");

  it("makes one CSV file per table, named by table and by the report's date in the group's time zone", () => {
    expect(files.map((each) => each.name)).toEqual([
      "baraza-cycle-2025-03-07.csv",
      "baraza-priorities-2025-03-07.csv",
      "baraza-tasks-2025-03-07.csv",
      "baraza-indicators-2025-03-07.csv",
      "baraza-vote-2025-03-07.csv",
    ]);
    expect(files.every((each) => each.mime === "text/csv")).toBe(true);
  });

  it("starts every file with a UTF-8 byte order mark, so Excel reads Burmese correctly", () => {
    for (const each of toCsv(burmeseReport(), texts, "my")) expect([...each.data.slice(0, 3)]).toEqual(BOM);
  });

  it("lists the priorities with their rank, concern and points under English headers", () => {
    expect(rows(file(files, "priorities"))).toEqual([
      ["Rank", "Concern number", "Concern", "Points"],
      ["1", "3", "Motorbike theft near the market at night", "21"],
      ["2", "1", "No street lights on the road to the rubber plantation", "17"],
      ["3", "5", "Drunk fights after the Saturday market | sometimes with knives", "9"],
    ]);
  });

  it("lists every task of every plan with its owner (never beside a late one), due date, status, kind, whether it is overdue and its latest progress note with its date", () => {
    const [header, ...tasks] = rows(file(files, "tasks"));
    expect(header).toEqual(["Plan for", "Task", "Who does it", "Due", "Status", "Kind", "Late", "Latest progress", "Progress written on"]);
    expect(tasks).toHaveLength(6);
    expect(tasks[1]).toEqual(["Motorbike theft near the market at night", "Write to the township police", "not named while late", "2025-02-20", "in progress", "long-term", "yes", "Letter delivered; the station chief will answer after the festival", "2025-02-18"]);
    expect(tasks[2]?.[2]).toBe("");
    expect(tasks[3]?.[3]).toBe("");
    expect(tasks[0]?.slice(7)).toEqual(["", ""]);
  });

  it("gives each indicator reading its own row, dated in the group's time zone", () => {
    expect(rows(file(files, "indicators"))).toEqual([
      ["Plan for", "Measure of progress", "At the start", "Aim", "Date measured", "Value"],
      ["Motorbike theft near the market at night", "Motorbikes stolen at the market each month", "5", "0", "2025-01-31", "4"],
      ["Motorbike theft near the market at night", "Motorbikes stolen at the market each month", "5", "0", "2025-02-28", "2"],
      ["No street lights on the road to the rubber plantation", "Women who feel safe on the road (of 20 asked)", "4", "15", "2025-02-25", "11"],
    ]);
  });

  it("keeps a row for an indicator not measured yet", () => {
    const report = englishReport();
    report.plans[0]?.indicators.push({ name: "Traders at the monthly meeting", baseline: null, target: 10, readings: [] });
    expect(rows(file(toCsv(report, texts, "en"), "indicators"))[3]).toEqual(["Motorbike theft near the market at night", "Traders at the monthly meeting", "", "10", "", ""]);
  });

  it("gives the last vote's full results, and no vote file before the first vote", () => {
    expect(rows(file(files, "vote"))).toHaveLength(6);
    const report = englishReport();
    report.lastVote = null;
    expect(toCsv(report, texts, "en").map((each) => each.name)).not.toContain("baraza-vote-2025-03-07.csv");
  });

  it("writes the headers and the words in Burmese for a Burmese reader", () => {
    const burmese = toCsv(burmeseReport(), texts, "my");
    expect(rows(file(burmese, "priorities"))[0]).toEqual(["ဦးစားပေး အစဉ်", "စိုးရိမ်ပူပန်မှု နံပါတ်", "စိုးရိမ်ပူပန်မှု", "အမှတ်"]);
    expect(rows(file(burmese, "tasks"))[2]).toEqual([
      "ဈေးနားမှာ ညဘက် ဆိုင်ကယ်ခိုးမှု များလာခြင်း",
      "မြို့နယ်ရဲစခန်းကို စာရေးမယ်",
      "နောက်ကျနေစဉ် နာမည်မဖော်ပါ",
      "2025-05-20",
      "လုပ်ဆောင်နေဆဲ",
      "ရေရှည်ကြိုးပမ်းမှု",
      "ဟုတ်",
      "",
      "",
    ]);
  });
});

describe("toCsv, given words a spreadsheet would run", () => {
  it("keeps them as text: a cell people wrote that starts like a formula starts with an apostrophe; numbers stay numbers", () => {
    const report = englishReport();
    const [first] = report.priorities;
    if (!first) throw new Error("the fixture has priorities");
    first.text = '=HYPERLINK("https://evil.example","Open")';
    const [header, row] = rows(file(toCsv(report, texts, "en"), "priorities"));
    expect(header?.[2]).toBe("Concern");
    expect(row?.[2]).toBe(`'=HYPERLINK("https://evil.example","Open")`);
    expect(row?.[3]).toBe("21");
  });
});
