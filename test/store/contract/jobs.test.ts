import { beforeEach, expect, it } from "vitest";
import type { Store } from "../../../src/flows/ports.ts";
import { CLAIM_LEASE_MS, MAX_ATTEMPTS } from "../../../src/store/repositories/jobs.ts";
import { at, describeStore, unique } from "./fixtures.ts";

describeStore("scheduled jobs", (context) => {
  // Claiming looks at every due job in the database, so each test starts with none.
  beforeEach(async () => {
    await context().client.scheduledJob.deleteMany({});
  });

  function reminder(store: Store, dueAt: Date, dedupeKey: string | null = null, payload: Record<string, unknown> = {}) {
    return store.jobs.schedule({ kind: "review-reminder", groupId: null, personId: null, dueAt, payload, dedupeKey });
  }

  it("queues a reminder with the same dedupe key once", async () => {
    const { store, client } = context();
    const key = unique("review");
    expect(await reminder(store, at("2025-02-01T06:00:00Z"), key)).toBe(true);
    expect(await reminder(store, at("2025-02-01T07:00:00Z"), key)).toBe(false);
    expect(await client.scheduledJob.findMany({ where: { dedupeKey: key }, select: { dueAt: true } })).toEqual([{ dueAt: at("2025-02-01T06:00:00Z") }]);
  });

  it("queues jobs without a dedupe key as often as asked", async () => {
    const { store } = context();
    expect(await reminder(store, at("2025-02-01T06:00:00Z"))).toBe(true);
    expect(await reminder(store, at("2025-02-01T06:00:00Z"))).toBe(true);
    expect(await store.jobs.pendingCount()).toBe(2);
  });

  it("answers a duplicate inside a transaction with false and lets the transaction go on", async () => {
    const { store, client } = context();
    const key = unique("review");
    await reminder(store, at("2025-02-01T06:00:00Z"), key);
    const second = unique("review");
    const results = await store.transaction(async (tx) => [await reminder(tx, at("2025-02-01T06:00:00Z"), key), await reminder(tx, at("2025-02-01T06:00:00Z"), second)]);
    expect(results).toEqual([false, true]);
    expect(await client.scheduledJob.count({ where: { dedupeKey: { in: [key, second] } } })).toBe(2);
  });

  it("lets one of two workers queueing the same reminder at once queue it", async () => {
    const { store, client, secondWorker } = context();
    const other = await secondWorker();
    const key = unique("review");
    const results = await Promise.all([reminder(store, at("2025-02-01T06:00:00Z"), key), reminder(other, at("2025-02-01T06:00:00Z"), key)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await client.scheduledJob.count({ where: { dedupeKey: key } })).toBe(1);
  });

  it("claims due jobs oldest first, up to the limit, with their payloads", async () => {
    const { store } = context();
    await reminder(store, at("2025-02-01T08:00:00Z"), null, { order: 2 });
    await reminder(store, at("2025-02-01T07:00:00Z"), null, { order: 1, planId: 7 });
    await reminder(store, at("2025-02-01T09:00:00Z"), null, { order: 3 });
    await reminder(store, at("2025-02-02T00:00:00Z"), null, { order: "not due" });

    const now = at("2025-02-01T12:00:00Z");
    const first = await store.jobs.claimDue(now, "worker-a", 2);
    expect(first.map((job) => job.payload)).toEqual([{ order: 1, planId: 7 }, { order: 2 }]);
    expect(first[0]).toMatchObject({ kind: "review-reminder", groupId: null, personId: null, dueAt: at("2025-02-01T07:00:00Z") });
    const rest = await store.jobs.claimDue(now, "worker-a", 10);
    expect(rest.map((job) => job.payload)).toEqual([{ order: 3 }]);
    expect(await store.jobs.claimDue(now, "worker-a", 10)).toEqual([]);
    expect(await store.jobs.pendingCount()).toBe(1);
  });

  it("never gives one job to two workers claiming at once", async () => {
    const { store, secondWorker } = context();
    const other = await secondWorker();
    for (let index = 0; index < 40; index += 1) await reminder(store, at("2025-02-01T06:00:00Z"), null, { index });
    const now = at("2025-02-01T12:00:00Z");
    const claimed: number[] = [];
    // Each round, the three mostly race for the same earliest jobs.
    for (let round = 0; round < 40; round += 1) {
      const [a, b, c] = await Promise.all([
        store.jobs.claimDue(now, "worker-a", 5),
        other.jobs.claimDue(now, "worker-b", 5),
        store.jobs.claimDue(now, "worker-c", 5),
      ]);
      const ids = [...a, ...b, ...c].map((job) => job.id);
      if (ids.length === 0) break;
      claimed.push(...ids);
    }
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed).toHaveLength(40);
  });

  it("does not hand out a job again once it is sent", async () => {
    const { store, client } = context();
    await reminder(store, at("2025-02-01T06:00:00Z"));
    const [job] = await store.jobs.claimDue(at("2025-02-01T12:00:00Z"), "worker-a", 1);
    if (job === undefined) throw new Error("nothing claimed");
    await store.jobs.markSent(job.id, at("2025-02-01T12:00:01Z"));
    expect(await store.jobs.claimDue(at("2025-03-01T00:00:00Z"), "worker-a", 1)).toEqual([]);
    expect(await client.scheduledJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "sent", sentAt: at("2025-02-01T12:00:01Z") });
  });

  it("hands a job whose worker stopped before sending to another after the lease, then gives up", async () => {
    const { store, client } = context();
    await reminder(store, at("2025-02-01T06:00:00Z"));
    let now = at("2025-02-01T12:00:00Z");
    expect(await store.jobs.claimDue(now, "worker-a", 1)).toHaveLength(1);
    expect(await store.jobs.claimDue(new Date(now.getTime() + CLAIM_LEASE_MS - 1), "worker-b", 1)).toEqual([]);
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt += 1) {
      now = new Date(now.getTime() + CLAIM_LEASE_MS);
      expect(await store.jobs.claimDue(now, `worker-${attempt}`, 1)).toHaveLength(1);
    }
    now = new Date(now.getTime() + CLAIM_LEASE_MS);
    expect(await store.jobs.claimDue(now, "worker-last", 1)).toEqual([]);
    expect(await client.scheduledJob.findFirstOrThrow({})).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
  });
});
