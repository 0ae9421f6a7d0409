/**
 * A finished cycle is not lost: after `/newcycle` the group and its
 * coordinator export it by its number (`/export 1`), each file says which
 * cycle it covers, and `/plans` in the new cycle says where the earlier
 * plans are. Lessons belong to the cycle they were learned in.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { groupWithApprovedPlan } from "../support/approved-plan.ts";
import { allText, startHarness, toGroup, type Harness } from "../support/harness.ts";
import { FACILITATOR } from "../support/scenario.ts";
import { snapshot } from "../support/snapshot.ts";
import type { Outbound } from "../../src/flows/messages.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await groupWithApprovedPlan(h);
  // Step 5: the plan is evaluated and a lesson kept, then, ten days after the start, cycle 2 begins.
  await h.group(FACILITATOR, "/next");
  await h.group(FACILITATOR, "1");
  for (const answer of ["/evaluate", "1", "Walking in groups", "skip", "Ask the police earlier"]) await h.dm("thida", answer);
  await h.dm("thida", "/lessons add The police come when the village head calls them.");
  await h.wait("P10D");
  await h.group(FACILITATOR, "/newcycle");
  expect(allText(await h.group(FACILITATOR, "1"))).toContain("Cycle 2 has started at step 1.");
});
afterEach(() => h.close());

/** The text of the file whose name ends with `ending`, in what one export sent. */
function fileText(replies: Outbound[], ending: string): string {
  const file = replies[0]?.files?.find((each) => each.name.endsWith(ending));
  if (!file) throw new Error(`No ${ending} file in: ${replies[0]?.files?.map((each) => each.name).join(", ") ?? "(no files)"}`);
  return new TextDecoder().decode(file.data);
}

describe("a finished cycle", () => {
  it("is exported by its number, with its priorities, plan, evaluation and lessons, saying which cycle and which dates", async () => {
    const first = await h.group(FACILITATOR, "/export 1");
    const markdown = fileText(first, ".md");
    expect(markdown).toContain("This report covers cycle 1, from 2026-11-23 to 2026-12-03. That cycle is over.");
    expect(markdown).toContain("No lights on the market road");
    expect(markdown).toContain("Write to the electricity office");
    expect(markdown).toContain("Walking in groups");
    expect(markdown).toContain("The police come when the village head calls them.");
    // A finished cycle has no review coming.
    expect(markdown).not.toContain("Next review");
    const cycleCsv = new TextDecoder().decode(first[0]?.files?.find((each) => each.name.startsWith("baraza-cycle-"))?.data);
    expect(cycleCsv).toContain("Cycle,Began,Ended,Step reached");
    expect(cycleCsv).toContain("1,2026-11-23,2026-12-03,\"Evaluate, learn and plan improvements\"");
    // The order of the words does not matter.
    expect(fileText(await h.group(FACILITATOR, "/export pdf 1"), ".pdf").startsWith("%PDF-")).toBe(true);
    expect(fileText(await h.group(FACILITATOR, "/export 1 md"), ".md")).toBe(markdown);
  });

  it("is exported by the coordinator in private too", async () => {
    // Amina coordinates the programme (and facilitates the group); in private her export is of the group she works with.
    const replies = await h.dm(FACILITATOR, "/export 1 md");
    expect(fileText(replies, ".md")).toContain("This report covers cycle 1");
  });

  it("leaves the current cycle's export to the current cycle: its own dates, no earlier plans or lessons", async () => {
    const markdown = fileText(await h.group("thida", "/export md"), ".md");
    expect(markdown).toContain("This report covers cycle 2, from 2026-12-03 until now.");
    expect(markdown).toContain("- Cycle 2, step 1 of 5");
    expect(markdown).not.toContain("Write to the electricity office");
    expect(markdown).not.toContain("The police come when the village head calls them.");
  });

  it("is where /plans in the new cycle points", async () => {
    expect(toGroup(await h.group("thida", "/plans"))).toEqual([
      "There are no plans yet in this cycle (cycle 2). Send /plan to start one. The plans of cycle 1 are in its files: send /export 1.",
    ]);
  });

  it("keeps its lessons under its number in /lessons, apart from the new cycle's", async () => {
    await h.dm("ram", "/lessons add Meet at the tea shop, not the office.");
    expect(toGroup(await h.group("ram", "/lessons"))[0]).toBe(
      [
        "What the group has learned:",
        "",
        "Lessons from cycle 1:",
        "• “The police come when the village head calls them.”",
        "",
        "This cycle (cycle 2):",
        "• “Meet at the tea shop, not the office.”",
        "",
        "To keep a lesson, send /lessons add and one sentence, for example: /lessons add the police come when the village head calls them.",
      ].join("\n"),
    );
  });

  it("a cycle that does not exist gets the list of those that do, and nothing is sent or stored", async () => {
    const before = await snapshot(h.db);
    for (const asked of ["/export 3", "/export 0", "/export ၃ pdf"]) {
      const replies = await h.group(FACILITATOR, asked);
      expect(replies.flatMap((reply) => reply.files ?? [])).toEqual([]);
      expect(toGroup(replies)[0]).toMatch(/^This group has no cycle [30]\. Its cycles are: 1 \(2026-11-23 to 2026-12-03\), 2 \(now, since 2026-12-03\)\. Send \/export and a number from that list\.$/);
    }
    expect(toGroup(await h.group(FACILITATOR, "/export 1 2"))).toEqual([expect.stringContaining("For an earlier cycle, add its number: /export 1, or /export 1 pdf.")]);
    expect(await snapshot(h.db)).toEqual(before);
  });
});
