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
    await store.jobs.markSent([job.id], at("2025-02-01T12:00:01Z"));
    expect(await store.jobs.claimDue(at("2025-03-01T00:00:00Z"), "worker-a", 1)).toEqual([]);
    expect(await client.scheduledJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "sent", sentAt: at("2025-02-01T12:00:01Z") });
  });

  /** The one job a test queued, claimed by `worker` at `now`. */
  async function claimOne(store: Store, now: Date, worker: string) {
    const [job] = await store.jobs.claimDue(now, worker, 1);
    if (job === undefined) throw new Error(`nothing claimed by ${worker}`);
    return job;
  }

  function later(from: Date, ms: number): Date {
    return new Date(from.getTime() + ms);
  }

  it("counts an attempt only for the job whose work starts, not for the rest of its batch", async () => {
    const { store, client } = context();
    for (let index = 0; index < 3; index += 1) await reminder(store, at("2025-02-01T06:00:00Z"));
    const claimed = await store.jobs.claimDue(at("2025-02-01T12:00:00Z"), "worker-a", 10);
    expect(claimed).toHaveLength(3);
    expect(await store.jobs.beginAttempt(claimed[0]?.id ?? -1, "worker-a", at("2025-02-01T12:00:01Z"))).toBe(true);
    const rows = await client.scheduledJob.findMany({ orderBy: { id: "asc" }, select: { status: true, attempts: true } });
    expect(rows).toEqual([
      { status: "claimed", attempts: 1 },
      { status: "claimed", attempts: 0 },
      { status: "claimed", attempts: 0 },
    ]);
  });

  it("hands a claimed job that was never tried to another worker after each lease, as often as it takes, and never gives it up", async () => {
    const { store, client } = context();
    await reminder(store, at("2025-02-01T06:00:00Z"));
    const lease = CLAIM_LEASE_MS;
    let now = at("2025-02-01T12:00:00Z");
    await claimOne(store, now, "worker-0");
    expect(await store.jobs.claimDue(later(now, lease - 1), "worker-early", 1)).toEqual([]);
    // Workers that die between claiming and reaching the job, far more often than MAX_ATTEMPTS.
    for (let round = 1; round <= MAX_ATTEMPTS * 3; round += 1) {
      now = later(now, lease);
      await claimOne(store, now, `worker-${round}`);
    }
    expect(await client.scheduledJob.findFirstOrThrow({})).toMatchObject({ status: "claimed", attempts: 0 });
    now = later(now, lease);
    const job = await claimOne(store, now, "worker-last");
    expect(await store.jobs.beginAttempt(job.id, "worker-last", now)).toBe(true);
    await store.jobs.markSent([job.id], now);
    expect(await client.scheduledJob.findFirstOrThrow({})).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("gives a job up as failed once it was tried MAX_ATTEMPTS times without being sent", async () => {
    const { store, client } = context();
    await reminder(store, at("2025-02-01T06:00:00Z"));
    const lease = CLAIM_LEASE_MS;
    let now = at("2025-02-01T12:00:00Z");
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const job = await claimOne(store, now, `worker-${attempt}`);
      expect(await store.jobs.beginAttempt(job.id, `worker-${attempt}`, now)).toBe(true);
      // The worker dies during its try.
      now = later(now, lease);
    }
    expect(await store.jobs.claimDue(now, "worker-last", 1)).toEqual([]);
    expect(await client.scheduledJob.findFirstOrThrow({})).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
  });

  it("keeps a job whose worker renews its claim from other workers, and lets another take it once renewals stop", async () => {
    const { store } = context();
    await reminder(store, at("2025-02-01T06:00:00Z"));
    const lease = CLAIM_LEASE_MS;
    const claimedAt = at("2025-02-01T12:00:00Z");
    const job = await claimOne(store, claimedAt, "worker-a");
    const renewedAt = later(claimedAt, (lease * 2) / 3);
    expect(await store.jobs.renewClaims([job.id], "worker-a", renewedAt)).toEqual([job.id]);
    // The first claim's lease has lapsed, the renewed one has not.
    expect(await store.jobs.claimDue(later(claimedAt, lease + 1), "worker-b", 1)).toEqual([]);
    const takenOver = await claimOne(store, later(renewedAt, lease), "worker-b");
    expect(takenOver.id).toBe(job.id);
    // The first worker, back at last, finds the job is no longer its own.
    expect(await store.jobs.renewClaims([job.id], "worker-a", later(renewedAt, lease))).toEqual([]);
    expect(await store.jobs.beginAttempt(job.id, "worker-a", later(renewedAt, lease))).toBe(false);
    expect(await store.jobs.beginAttempt(job.id, "worker-b", later(renewedAt, lease))).toBe(true);
  });

  it("renews the lease when a job's work starts", async () => {
    const { store } = context();
    await reminder(store, at("2025-02-01T06:00:00Z"));
    const lease = CLAIM_LEASE_MS;
    const claimedAt = at("2025-02-01T12:00:00Z");
    const job = await claimOne(store, claimedAt, "worker-a");
    expect(await store.jobs.beginAttempt(job.id, "worker-a", later(claimedAt, lease / 2))).toBe(true);
    expect(await store.jobs.claimDue(later(claimedAt, lease + 1), "worker-b", 1)).toEqual([]);
  });

  it("lets either the lapsed worker start its job or another worker claim it, never both, when they race", async () => {
    const { store, secondWorker } = context();
    const other = await secondWorker();
    for (let index = 0; index < 20; index += 1) await reminder(store, at("2025-02-01T06:00:00Z"), null, { index });
    const claimedAt = at("2025-02-01T12:00:00Z");
    const mine = await store.jobs.claimDue(claimedAt, "worker-a", 20);
    expect(mine).toHaveLength(20);
    const lapsed = later(claimedAt, CLAIM_LEASE_MS + 1);
    // The worker whose lease lapsed starts each of its jobs while as many others try to claim them.
    const [begun, claims] = await Promise.all([
      Promise.all(mine.map((job) => store.jobs.beginAttempt(job.id, "worker-a", lapsed))),
      Promise.all(mine.map((job) => other.jobs.claimDue(lapsed, `worker-b-${job.id}`, 1))),
    ]);
    const started = mine.filter((_, index) => begun[index]).map((job) => job.id);
    const takenOver = claims.flat().map((job) => job.id);
    expect(started.filter((id) => takenOver.includes(id))).toEqual([]);
    expect([...started, ...takenOver].sort((x, y) => x - y)).toEqual(mine.map((job) => job.id));
  });

  it("drops a job's saved messages once it is sent, and keeps those of jobs not yet sent", async () => {
    const { store, client } = context();
    await reminder(store, at("2025-02-01T06:00:00Z"));
    await reminder(store, at("2025-02-01T06:00:00Z"));
    const [sent, waiting] = await store.jobs.claimDue(at("2025-02-01T12:00:00Z"), "worker-a", 2);
    if (sent === undefined || waiting === undefined) throw new Error("two jobs were not claimed");
    const message = { to: { kind: "chat", platform: "test", chatId: "c" }, text: "Reminder for Thida" };
    await store.jobs.saveOutboxes(new Map([[sent.id, [message]]]));
    await store.jobs.saveOutboxes(new Map([[waiting.id, [message]]]));
    await store.jobs.markSent([sent.id], at("2025-02-01T12:00:01Z"));
    expect(await client.scheduledJob.findUniqueOrThrow({ where: { id: sent.id } })).toMatchObject({ status: "sent", outbox: null });
    expect(await client.scheduledJob.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: "claimed", outbox: JSON.stringify([message]) });
  });
});
