/**
 * On PostgreSQL a transaction's queries run one after another: pg warns
 * (and pg 9 refuses) when a client is handed a query while one is running.
 * A whole cycle, up to an approved plan and its reminders, warns of nothing.
 */
import { afterEach, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/harness.ts";
import { groupWithApprovedPlan } from "../support/approved-plan.ts";

let h: Harness;
afterEach(() => h.close());

it("runs a cycle on PostgreSQL without a query started while another runs", async () => {
  const warnings: string[] = [];
  const listen = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on("warning", listen);
  try {
    h = await startHarness("postgresql");
    await groupWithApprovedPlan(h);
    await h.group("thida", "/summary");
    await h.group("thida", "/export");
    await h.wait("P10D");
  } finally {
    process.off("warning", listen);
  }
  expect(warnings.filter((w) => /already executing a query|client\.query/i.test(w))).toEqual([]);
}, 120_000);
