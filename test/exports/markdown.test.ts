import { describe, expect, it } from "vitest";
import { toMarkdown } from "../../src/exports/index.ts";
import { burmeseReport, englishReport } from "./fixtures.ts";
import { texts } from "./texts.ts";

const markdown = (data: Uint8Array): string => new TextDecoder().decode(data);

describe("toMarkdown", () => {
  const file = toMarkdown(englishReport(), texts, "en");
  const text = markdown(file.data);

  it("makes one Markdown file named by the report's date", () => {
    expect(file).toMatchObject({ name: "baraza-report-2025-03-07.md", mime: "text/markdown" });
  });

  it("has a section for the priorities, the plans and the lessons, in that order", () => {
    const headings = text.split("\n").filter((line) => line.startsWith("#"));
    expect(headings).toEqual([
      "# Community security report: Mae Ra Moo Community Security Working Group",
      "## Priorities",
      "### Results of the last vote",
      "## Action plans",
      "### Plan for: Motorbike theft near the market at night",
      "### Plan for: No street lights on the road to the rubber plantation",
      "#### Evaluation",
      "## Lessons learned",
    ]);
  });

  it("states the group's place, cycle step and size", () => {
    expect(text).toContain("- Place: Hpa-an Township, Kayin State");
    expect(text).toContain("- Cycle 1, step 4 of 5: Implement and monitor");
    expect(text).toContain("- 12 members");
    expect(text).toContain("10 of 12 members voted (83%).");
  });

  it("shows each plan's status, steps with their horizon, objectives and next review", () => {
    expect(text).toContain("**Status:** approved");
    expect(text).toContain("- Fit a lockable chain rail in the car park (quick fix)");
    expect(text).toContain("- Ask the police for a monthly meeting with traders (long-term)");
    expect(text).toContain("- Traders and police meet every month");
    expect(text).toContain("**Next review:** 2025-03-15");
  });

  it("tables the tasks with owners, status and the overdue ones marked, naming no one beside a late task", () => {
    expect(text).toMatch(/\| Write to the township police +\| not named while late +\| 2025-02-20 \| in progress +\| long-term \| late +\|/);
    expect(text).not.toContain("U Kyaw Win");
    expect(text).toMatch(/\| Agree a night watch rota +\| no one yet/);
  });

  it("gives each task's latest progress note with its date", () => {
    expect(text).toMatch(/\| Latest progress +\|/);
    expect(text).toMatch(/\| late +\| 2025-02-18: Letter delivered; the station chief will answer after the festival \|/);
  });

  it("tables each indicator from its baseline through its latest reading to its target", () => {
    expect(text).toMatch(/\| Motorbikes stolen at the market each month \| 5 +\| 2 +\| 0 +\|/);
  });

  it("gives the evaluation's answers and the lessons", () => {
    expect(text).toContain("- **Objectives:** partly met");
    expect(text).toContain("- **What did not work:** The administrator promised lights but has no budget yet.");
    expect(text).toContain("- Officials answer faster when traders, police and villagers ask together.");
  });

  it("keeps what members typed as text: a pipe does not split a table cell", () => {
    expect(text).toContain("Drunk fights after the Saturday market \\| sometimes with knives");
  });

  it("says so when there is nothing yet, instead of leaving a section empty", () => {
    const report = { ...englishReport(), priorities: [], lastVote: null, turnout: null, plans: [], lessons: [] };
    const empty = markdown(toMarkdown(report, texts, "en").data);
    expect(empty).toContain("The group has not chosen its priorities yet.");
    expect(empty).toContain("The group has not written any action plans yet.");
    expect(empty).toContain("The group has not recorded any lessons yet.");
  });

  it("is written in Burmese for a Burmese reader", () => {
    const burmese = markdown(toMarkdown(burmeseReport(), texts, "my").data);
    expect(burmese).toContain("# ရပ်ရွာလုံခြုံရေး အစီရင်ခံစာ: မယ်ရမူး ရပ်ရွာလုံခြုံရေး လုပ်ငန်းအဖွဲ့");
    expect(burmese).toContain("## ဦးစားပေးကိစ္စများ");
    expect(burmese).toContain("## လုပ်ငန်းစီမံချက်များ");
    expect(burmese).toContain("## ရရှိခဲ့တဲ့ သင်ခန်းစာများ");
    expect(burmese).toContain("**အခြေအနေ:** အတည်ပြုပြီး");
  });
});
