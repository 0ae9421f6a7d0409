/**
 * After `forgetme`, nothing the group reads names the person again: not the
 * task list, the plans, the summary, late-task reminders or the exports. The
 * task they owned stays, with no owner, for the group to give to someone.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { groupWithApprovedPlan } from "../support/approved-plan.ts";
import { allText, startHarness, toGroup, toPerson, type Harness } from "../support/harness.ts";
import { FACILITATOR } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await groupWithApprovedPlan(h);
});
afterEach(() => h.close());

describe("a forgotten task owner", () => {
  it("is named nowhere the group looks, and their task shows no owner", async () => {
    await h.dm("aung", "/progress 1 Letter drafted");
    expect(toGroup(await h.group(FACILITATOR, "/tasks")).join("\n")).toContain("Aung");
    await h.dm("aung", "/forgetme");
    expect(toPerson(await h.dm("aung", "1"), "aung").join("\n")).toContain("I have forgotten you");
    // Past the task's day, so it is late everywhere.
    await h.wait("P9D");

    const tasks = toGroup(await h.group(FACILITATOR, "/tasks")).join("\n");
    expect(tasks).toContain("“Write to the electricity office” — no one now: its owner has left");
    const seen = [
      tasks,
      toGroup(await h.group(FACILITATOR, "/plans 1")).join("\n"),
      toGroup(await h.group(FACILITATOR, "/summary")).join("\n"),
      allText(await h.dm(FACILITATOR, "/overdue")),
    ];
    const [exported] = await h.group(FACILITATOR, "/export");
    for (const file of exported?.files ?? []) if (!file.name.endsWith(".png") && !file.name.endsWith(".pdf")) seen.push(new TextDecoder().decode(file.data));
    for (const text of seen) expect(text).not.toContain("Aung");
    expect(seen[1]).toContain("“Write to the electricity office” — no one now: its owner has left");
  });
});
