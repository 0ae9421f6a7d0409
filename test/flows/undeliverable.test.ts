/**
 * A scheduled message the platform will never take (the bot removed from the
 * group, a person who blocked it) is given up and logged, so the job does not
 * come back every lease forever; a passing failure is still tried again.
 */
import { Duration } from "luxon";
import { afterEach, beforeEach, expect, it } from "vitest";
import { Undeliverable } from "../../src/flows/jobs.ts";
import type { Outbound } from "../../src/flows/messages.ts";
import { CLAIM_LEASE_MS } from "../../src/store/repositories/jobs.ts";
import { startHarness, visible, type Harness } from "../support/harness.ts";
import { groupAtStep2 } from "../support/scenario.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  await groupAtStep2(h);
  await h.dm("aung", "/concern No lights on the market road");
  // The concern digest has fallen due.
  h.clock.advance(Duration.fromObject({ hours: 2, minutes: 1 }));
});
afterEach(() => h.close());

it("gives up a message the platform refuses for good, logs it without its text, and does not try it again", async () => {
  const tried: Outbound[] = [];
  await h.baraza.deliverDue(async (message) => {
    tried.push(message);
    throw new Undeliverable("Telegram sendMessage: 403");
  });
  expect(tried).toHaveLength(1);
  expect(h.logged).toEqual([expect.objectContaining({ event: "job-message-undeliverable", kind: "concern-digest", to: "chat", reason: "Telegram sendMessage: 403" })]);
  expect(JSON.stringify(h.logged)).not.toContain("market road");
  h.clock.advance(Duration.fromMillis(CLAIM_LEASE_MS + 1000));
  expect(await h.wait("PT1M")).toEqual([]);
});

it("tries a message again after a passing failure, once the lease lapses", async () => {
  await expect(h.baraza.deliverDue(async () => Promise.reject(new Error("network down")))).resolves.toBe(0);
  expect(h.logged).toEqual([expect.objectContaining({ event: "job-failed" })]);
  h.clock.advance(Duration.fromMillis(CLAIM_LEASE_MS + 1000));
  const sent = await h.wait("PT1M");
  expect(visible(sent.map((m) => m.text).join("\n"))).toContain("#1 “No lights on the market road”");
});
