/**
 * The sweep in batches, in one process: what the rest of a batch becomes
 * when one of its jobs cannot be sent or cannot be built, and what a batch
 * reads. (delivery.test.ts kills real processes mid-batch.)
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { deliverJobs, type Send } from "../../src/flows/jobs.ts";
import type { Outbound } from "../../src/flows/messages.ts";
import type { Store } from "../../src/flows/ports.ts";
import { openDatabase, type Database } from "../../src/store/database.ts";
import { MAX_ATTEMPTS } from "../../src/store/repositories/jobs.ts";
import { createStore } from "../../src/store/store.ts";
import { freshSqliteUrl, type FreshUrl } from "../store/databases.ts";
import { digestsDue, sweepDeps } from "../support/sweeps.ts";

const DUE = new Date("2026-11-23T03:00:00Z");
let fresh: FreshUrl;
let database: Database;
let store: Store;
let now: Date;
const clock = { now: () => now };
let logged: { event: string; details: Record<string, unknown> }[];
const log = { error: (event: string, details: Record<string, unknown>) => void logged.push({ event, details }) };

beforeEach(async () => {
  fresh = await freshSqliteUrl();
  database = await openDatabase(fresh.url);
  store = createStore(database);
  now = DUE;
  logged = [];
});
afterEach(async () => {
  await database.close();
  await fresh.remove();
});

const chatOf = (message: Outbound): string => (message.to.kind === "chat" ? message.to.chatId : message.to.userId);

/** A send that records each message by chat, and fails for the chats in `failing`. */
function recording(sent: Outbound[], failing: readonly string[] = []): Send {
  return async (message) => {
    if (failing.includes(chatOf(message))) throw new Error("platform unavailable");
    sent.push(message);
  };
}

/** Moves the clock past `leases` leases after DUE. */
function afterLeases(leases: number): void {
  now = new Date(DUE.getTime() + leases * (store.jobs.leaseMs + 1));
}

/** Each digest job's status and whether it keeps an outbox, by chat. */
async function digestJobs(): Promise<Record<string, { status: string; outbox: boolean; attempts: number }>> {
  const jobs = await database.client.scheduledJob.findMany({ where: { kind: "concern-digest" }, include: { group: true } });
  return Object.fromEntries(jobs.map((job) => [job.group?.chatId ?? "", { status: job.status, outbox: job.outbox !== null, attempts: job.attempts }]));
}

it("sends and marks the rest of a batch when one job's send fails, and sends that one once its lease has lapsed", async () => {
  await digestsDue(store, ["a", "b", "c", "d"], DUE);
  const sent: Outbound[] = [];
  expect(await deliverJobs(sweepDeps(store, clock, log), recording(sent, ["b"]), "worker-a")).toBe(3);
  expect(sent.map(chatOf)).toEqual(["a", "c", "d"]);
  expect(await digestJobs()).toEqual({
    a: { status: "sent", outbox: false, attempts: 1 },
    b: { status: "claimed", outbox: true, attempts: 1 },
    c: { status: "sent", outbox: false, attempts: 1 },
    d: { status: "sent", outbox: false, attempts: 1 },
  });
  expect(logged.map((entry) => entry.event)).toEqual(["job-failed"]);
  expect(JSON.stringify(logged)).not.toContain("Concern of b");

  // Before the lease lapses nobody sends it again; after, its saved digest goes out, and nothing else.
  expect(await deliverJobs(sweepDeps(store, clock, log), recording(sent), "worker-b")).toBe(0);
  afterLeases(1);
  expect(await deliverJobs(sweepDeps(store, clock, log), recording(sent), "worker-b")).toBe(1);
  expect(sent.map(chatOf)).toEqual(["a", "c", "d", "b"]);
  expect(sent[3]?.text).toContain("Concern of b");
  expect((await digestJobs())["b"]).toEqual({ status: "sent", outbox: false, attempts: 2 });
});

it("delivers the rest of a batch when one job throws while being built, and tries that one alone after each lease until it is given up", async () => {
  await digestsDue(store, ["a", "b", "c"], DUE);
  const group = await store.groups.find("test", "b");
  // A job no handler knows throws while it is built, after the digest of its group in the same batch.
  await store.jobs.schedule({ kind: "mystery", groupId: group?.id ?? null, personId: null, dueAt: DUE, payload: {}, dedupeKey: "mystery" });
  const sent: Outbound[] = [];
  expect(await deliverJobs(sweepDeps(store, clock, log), recording(sent), "worker-a")).toBe(3);
  expect(sent.map(chatOf)).toEqual(["a", "b", "c"]);
  expect(sent.map((message) => message.text.includes(`Concern of ${chatOf(message)}`))).toEqual([true, true, true]);
  expect(Object.values(await digestJobs()).map((job) => job.status)).toEqual(["sent", "sent", "sent"]);
  const mystery = () => database.client.scheduledJob.findUniqueOrThrow({ where: { dedupeKey: "mystery" } });
  expect(await mystery()).toMatchObject({ status: "claimed", attempts: 1, outbox: null });
  expect(logged.map((entry) => entry.event)).toEqual(["job-failed"]);

  for (let lease = 1; lease < MAX_ATTEMPTS; lease += 1) {
    afterLeases(lease);
    expect(await deliverJobs(sweepDeps(store, clock, log), recording(sent), `worker-${lease}`)).toBe(0);
    expect(await mystery()).toMatchObject({ status: "claimed", attempts: lease + 1 });
  }
  afterLeases(MAX_ATTEMPTS);
  expect(await deliverJobs(sweepDeps(store, clock, log), recording(sent), "worker-last")).toBe(0);
  expect(await mystery()).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
  // The digests went out once, whatever became of the job beside them.
  expect(sent.map(chatOf)).toEqual(["a", "b", "c"]);
});

/** The store, counting the reads of groups, people and waiting concerns made through it and through its transactions. */
function counting(inner: Store, reads: Map<string, number>): Store {
  const count = <T extends object>(repository: T, name: string, methods: readonly string[]): T =>
    new Proxy(repository, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key);
        if (typeof key !== "string" || !methods.includes(key) || typeof value !== "function") return value;
        return (...args: unknown[]) => {
          reads.set(`${name}.${key}`, (reads.get(`${name}.${key}`) ?? 0) + 1);
          return Reflect.apply(value, target, args);
        };
      },
    });
  const groups = count(inner.groups, "groups", ["get"]);
  const people = count(inner.people, "people", ["get"]);
  const concerns = count(inner.concerns, "concerns", ["unannounced"]);
  const transaction: Store["transaction"] = (work) => inner.transaction((tx) => work(counting(tx, reads)));
  const parts: Record<string, unknown> = { groups, people, concerns, transaction };
  return new Proxy(inner, { get: (target, key) => (typeof key === "string" && key in parts ? parts[key] : Reflect.get(target, key)) });
}

it("gives every group its own digest naming its authors, reading each group and each author once for the batch", async () => {
  const chats = Array.from({ length: 30 }, (_, index) => `g${index}`);
  const amina = await store.people.identify("test", "amina", "Amina");
  const baraka = await store.people.identify("test", "baraka", "Baraka");
  for (const [index, chat] of chats.entries()) {
    const group = await store.groups.create({ platform: "test", chatId: chat, locale: "en", timeZone: "Asia/Yangon" });
    await store.groups.update(group.id, { name: `Group ${chat}`, setupAt: DUE });
    const cycle = await store.cycles.current(group.id);
    await store.concerns.add({ groupId: group.id, cycleId: cycle.id, text: `Water in ${chat}`, authorId: amina.id, at: DUE });
    await store.concerns.add({ groupId: group.id, cycleId: cycle.id, text: `Lights in ${chat}`, authorId: baraka.id, at: DUE });
    // Two digests of the group fall due in the same batch, a minute apart: the group gets one message.
    for (const minute of [0, 1]) {
      const dueAt = new Date(DUE.getTime() - (chats.length - index) * 3_600_000 + minute * 60_000);
      await store.jobs.schedule({ kind: "concern-digest", groupId: group.id, personId: null, dueAt, payload: {}, dedupeKey: `digest:${chat}:${minute}` });
    }
  }
  const reads = new Map<string, number>();
  const sent: Outbound[] = [];
  expect(await deliverJobs(sweepDeps(counting(store, reads), clock, log), recording(sent), "worker-a")).toBe(chats.length);

  expect(sent.map(chatOf).sort()).toEqual([...chats].sort());
  for (const message of sent) {
    const chat = chatOf(message);
    expect(message.text).toContain(`Water in ${chat}`);
    expect(message.text).toContain(`Lights in ${chat}`);
    expect(message.text).toContain("Amina");
    expect(message.text).toContain("Baraka");
    expect(message.text.split("\n").filter((line) => line.startsWith("#"))).toHaveLength(2);
  }
  expect(await database.client.concern.count({ where: { announcedAt: null } })).toBe(0);
  expect(await database.client.scheduledJob.count({ where: { kind: "concern-digest", status: { not: "sent" } } })).toBe(0);
  // 60 jobs: a first batch of 10 (5 groups), then the other 50 in one. Each batch read each of its groups and authors once.
  expect(reads.get("people.get")).toBe(2 * 2);
  expect(reads.get("groups.get")).toBe(chats.length);
  expect(reads.get("concerns.unannounced")).toBe(chats.length);
  expect(logged).toEqual([]);
});
