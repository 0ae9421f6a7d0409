/**
 * A message is answered as it was handled even when withdrawing its place in
 * its lanes fails afterwards (PostgreSQL's session connection dropped, say):
 * what it stored stays, its replies go out, and the failure is logged, not
 * turned into an apology.
 */
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { startHarness, type Harness } from "../support/harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

it("answers and keeps a message whose lanes could not be left, and logs why", async () => {
  const leave = vi.fn(async () => {
    throw new Error("Connection terminated unexpectedly");
  });
  vi.spyOn(h.store.lanes, "queue").mockResolvedValue(leave);
  const replies = await h.dm("u-ayesha", "/lang");
  expect(leave).toHaveBeenCalledOnce();
  expect(replies.map((reply) => reply.text).join("\n")).toMatch(/language/i);
  expect(await h.db.person.count({ where: { platformUserId: "u-ayesha" } })).toBe(1);
  expect(h.logged).toEqual([expect.objectContaining({ event: "lanes-leave-failed", error: "Error" })]);
});
