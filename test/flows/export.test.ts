import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allText, startHarness, toGroup, type Harness } from "../support/harness.ts";
import { groupWithApprovedPlan } from "../support/approved-plan.ts";
import { FACILITATOR } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await groupWithApprovedPlan(h);
});
afterEach(() => h.close());

describe("exporting the group's work", () => {
  it("sends CSV tables, Markdown, a PDF brief and charts, with the Markdown as the text-only version", async () => {
    await h.dm("aung", "/indicator 1 4");
    await h.dm("thida", "/lessons add The police come when the village head calls them.");
    const [message] = await h.group(FACILITATOR, "/export");
    const names = (message?.files ?? []).map((file) => file.name);
    expect(names.some((name) => name.endsWith(".csv"))).toBe(true);
    expect(names.some((name) => name.endsWith(".md"))).toBe(true);
    expect(names.some((name) => name.endsWith(".pdf"))).toBe(true);
    expect(names.filter((name) => name.endsWith(".png")).length).toBe(2);
    const pdf = message?.files?.find((file) => file.name.endsWith(".pdf"));
    expect(new TextDecoder().decode(pdf?.data.slice(0, 5))).toBe("%PDF-");
    expect(message?.fallback).toContain("Ward 4 Safety Group");
    expect(message?.fallback).toContain("The police come when the village head calls them.");
    expect(message?.text).toContain("Ward 4 Safety Group");
  });

  it("sends one kind when asked, and explains the kinds when the word is unknown", async () => {
    const [pdfOnly] = await h.group(FACILITATOR, "/export pdf");
    expect((pdfOnly?.files ?? []).map((file) => file.mime)).toEqual(["application/pdf"]);
    expect(toGroup(await h.group(FACILITATOR, "/export zip"))).toEqual([
      "Send /export for every file of this cycle, or /export csv, /export md, /export pdf or /export charts for one kind. For an earlier cycle, add its number: /export 1, or /export 1 pdf.",
    ]);
  });

  it("is refused to someone outside the group", async () => {
    expect(allText(await h.group("stranger", "/export"))).toContain("Only members of this group can do that.");
  });
});
