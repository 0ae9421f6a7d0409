/**
 * The sweep over 20,000 scheduled rows, 200 due: it sends exactly the due
 * ones, each once, and leaves the rest for their time. (How fast, and over a
 * million rows, is for the benchmark; this size keeps the property quick to
 * check in every test run.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/harness.ts";
import type { Outbound } from "../../src/flows/messages.ts";

const GROUPS = 200;
const ROWS = 20_000;
let h: Harness;
const now = new Date("2026-11-23T02:30:00Z");

beforeAll(async () => {
  h = await startHarness();
  await h.db.group.createMany({
    data: Array.from({ length: GROUPS }, (_, i) => ({ platform: "test", chatId: `g${i}`, locale: "en", timeZone: "Asia/Yangon", name: `Group ${i}`, setupAt: now })),
  });
  const groups = await h.db.group.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  await h.db.cycle.createMany({ data: groups.map((g) => ({ groupId: g.id, number: 1, step: 2 })) });
  const cycles = await h.db.cycle.findMany({ select: { id: true, groupId: true } });
  await h.db.concern.createMany({ data: cycles.map((c) => ({ groupId: c.groupId, cycleId: c.id, number: 1, text: "Dark road" })) });
  // One digest per group due now; the other rows due over the coming year.
  const jobs: { kind: string; groupId: number | null; dueAt: Date; dedupeKey: string }[] = groups.map((g) => ({ kind: "concern-digest", groupId: g.id, dueAt: now, dedupeKey: `digest:${g.id}` }));
  for (let i = jobs.length; i < ROWS; i += 1) {
    jobs.push({ kind: "concern-digest", groupId: groups[i % GROUPS]?.id ?? null, dueAt: new Date(now.getTime() + (1 + (i % 365)) * 86_400_000), dedupeKey: `later:${i}` });
  }
  for (let i = 0; i < jobs.length; i += 5_000) await h.db.scheduledJob.createMany({ data: jobs.slice(i, i + 5_000) });
}, 120_000);
afterAll(() => h.close());

describe("a sweep over 20,000 scheduled rows", () => {
  it("sends each due digest once and leaves every later row pending", async () => {
    const sent: Outbound[] = [];
    const count = await h.baraza.deliverDue(async (message) => {
      sent.push(message);
    });
    expect(count).toBe(GROUPS);
    const chats = new Set(sent.map((m) => (m.to.kind === "chat" ? m.to.chatId : "")));
    expect(chats.size).toBe(GROUPS);
    expect(await h.db.scheduledJob.count({ where: { kind: "concern-digest", status: "sent" } })).toBe(GROUPS);
    expect(await h.db.scheduledJob.count({ where: { status: "pending" } })).toBe(ROWS - GROUPS);
    const again = await h.baraza.deliverDue(async (message) => {
      sent.push(message);
    });
    expect(again).toBe(0);
  }, 120_000);
});
