/**
 * The sweep's delivery guarantee, with real processes (test/support/
 * sweep-process.ts): killed mid-sweep, it loses no reminder and sends none
 * twice, except a job whose messages the platform accepted before the kill
 * and whose mark (marked sent) had not landed yet; two sweeping at once,
 * slowed down past their lease, send nothing twice.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database, type Provider } from "../../src/store/database.ts";
import { createStore } from "../../src/store/store.ts";
import type { Store } from "../../src/flows/ports.ts";
import { freshUrl, type FreshUrl } from "../store/databases.ts";
import { CLAIM_LEASE_MS } from "../../src/store/repositories/jobs.ts";
import { digestsDue, marksIn, runSweep, sentTo, timesSent, type SweepEnv } from "../support/sweeps.ts";

const DUE = new Date("2026-11-23T03:00:00Z");
/** A moment when every claim made `leases` leases after DUE or earlier has lapsed. */
const afterLeases = (leases: number): Date => new Date(DUE.getTime() + leases * (CLAIM_LEASE_MS + 60_000));

/** What a test sweeps: its database (and a store on it), and the file its processes write what they sent to. */
interface World {
  url: string;
  database: Database;
  store: Store;
  out: string;
}

/**
 * A database for a describe block, opened once (a new PostgreSQL schema
 * takes seconds to migrate) and emptied of groups and jobs before each test,
 * which gets a new file for what is sent.
 */
function useWorld(provider: Provider): () => World {
  let fresh: FreshUrl;
  let database: Database;
  let folder: string;
  let world: World | undefined;
  beforeAll(async () => {
    fresh = await freshUrl(provider);
    database = await openDatabase(fresh.url);
    folder = await mkdtemp(join(tmpdir(), "baraza-sweep-"));
  });
  afterAll(async () => {
    await database.close();
    await fresh.remove();
    await rm(folder, { recursive: true, force: true });
  });
  let tests = 0;
  beforeEach(async () => {
    await database.client.scheduledJob.deleteMany({});
    await database.client.group.deleteMany({});
    tests += 1;
    // Setting up 150 groups in one transaction can outlast the default 15 s on a busy machine.
    world = { url: fresh.url, database, store: createStore(database, { timeout: 120_000 }), out: join(folder, `sent-${tests}.jsonl`) };
  });
  return () => {
    if (world === undefined) throw new Error("No world: was beforeEach skipped?");
    return world;
  };
}

/** One sweeping process on the world's database, its clock starting at `at`. */
function sweep({ url, out }: World, at: Date, env: SweepEnv = {}) {
  return runSweep({ DATABASE_URL: url, NOW: at.toISOString(), OUT: out, ...env });
}

const chatsSent = ({ out }: World) => sentTo(out).map((message) => message.chatId);

/**
 * The chats a process sent a digest to without going on to mark its job
 * sent: the window in which a kill may send a message twice.
 */
async function inWindow({ database, out }: World): Promise<Set<string>> {
  const jobs = await database.client.scheduledJob.findMany({ select: { id: true, groupId: true } });
  const groups = await database.client.group.findMany({ select: { id: true, chatId: true } });
  const chatOf = new Map(jobs.map((job) => [job.id, groups.find((group) => group.id === job.groupId)?.chatId]));
  const marked = new Set(marksIn(out).map((mark) => `${mark.by}:${chatOf.get(mark.jobId)}`));
  return new Set(sentTo(out).filter((message) => !marked.has(`${message.by}:${message.chatId}`)).map((message) => message.chatId));
}

describe("the sweep killed between claiming and sending", () => {
  const world = useWorld("sqlite");

  it("after the lease lapses, every message goes out once", async () => {
    const w = world();
    await digestsDue(w.store, ["a", "b", "c"], DUE);
    expect((await sweep(w, DUE, { KILL_AT_SEND: 1 })).signal).toBe("SIGKILL");
    expect(chatsSent(w)).toEqual([]);
    expect((await sweep(w, DUE)).status).toBe(0);
    expect(chatsSent(w)).toEqual([]);
    expect((await sweep(w, afterLeases(1))).status).toBe(0);
    expect(chatsSent(w).sort()).toEqual(["a", "b", "c"]);
    expect((await sweep(w, afterLeases(2))).status).toBe(0);
    expect(chatsSent(w).sort()).toEqual(["a", "b", "c"]);
  });

  it("after sending one message: that one is not sent again, the others still go out", async () => {
    const w = world();
    await digestsDue(w.store, ["a", "b", "c"], DUE);
    // Each send takes a second, as at a platform's pace: the first job's mark lands while the second send waits.
    expect((await sweep(w, DUE, { KILL_AT_SEND: 2, SEND_MS: 1000 })).signal).toBe("SIGKILL");
    expect(chatsSent(w)).toEqual(["a"]);
    expect(await inWindow(w)).toEqual(new Set());
    expect((await sweep(w, afterLeases(1))).status).toBe(0);
    expect(chatsSent(w).sort()).toEqual(["a", "b", "c"]);
  });

  it("sends the saved message again, not a new one, when the job had already done its work", async () => {
    const w = world();
    await digestsDue(w.store, ["a", "b", "c"], DUE);
    await sweep(w, DUE, { KILL_AT_SEND: 1 });
    // The first digest was prepared (its concern marked as shown) before the kill; more concerns arrive meanwhile.
    const group = await w.store.groups.find("test", "a");
    const cycle = await w.store.cycles.current(group?.id ?? -1);
    await w.store.concerns.add({ groupId: group?.id ?? -1, cycleId: cycle.id, text: "A later concern", authorId: null, at: DUE });
    await sweep(w, afterLeases(1));
    const first = sentTo(w.out).find((message) => message.chatId === "a");
    expect(first?.text).toContain("Concern of a");
    expect(first?.text).not.toContain("A later concern");
  });
  it("killed in the middle of a batch: the batch's saved messages go out after the lease, none lost, none rendered anew", async () => {
    const w = world();
    const chats = Array.from({ length: 8 }, (_, index) => `chat-${index}`);
    await digestsDue(w.store, chats, DUE);
    // The eight are claimed and built together; the process dies during the fourth send.
    expect((await sweep(w, DUE, { KILL_AT_SEND: 4 })).signal).toBe("SIGKILL");
    expect(chatsSent(w)).toEqual(chats.slice(0, 3));
    const unsent = await w.database.client.scheduledJob.findMany({ where: { kind: "concern-digest", status: { not: "sent" } }, select: { outbox: true } });
    expect(unsent.length).toBeGreaterThanOrEqual(5);
    expect(unsent.filter((job) => job.outbox === null)).toEqual([]);
    // Every group gets another concern meanwhile: a digest rendered anew would show it.
    for (const chat of chats) {
      const group = await w.store.groups.find("test", chat);
      const cycle = await w.store.cycles.current(group?.id ?? -1);
      await w.store.concerns.add({ groupId: group?.id ?? -1, cycleId: cycle.id, text: "A later concern", authorId: null, at: DUE });
    }
    expect((await sweep(w, afterLeases(1))).status).toBe(0);
    const sent = sentTo(w.out);
    expect([...new Set(sent.map((message) => message.chatId))].sort()).toEqual([...chats].sort());
    expect(sent.filter((message) => message.text.includes("A later concern"))).toEqual([]);
    expect(sent.every((message) => message.text.includes(`Concern of ${message.chatId}`))).toBe(true);
    const window = await inWindow(w);
    expect([...timesSent(sent)].filter(([chat, count]) => count > 1 && !window.has(chat))).toEqual([]);
  });
});

describe.each<Provider>(["sqlite", "postgresql"])("the sweep in real processes (%s)", (provider) => {
  const world = useWorld(provider);

  it("killed four times at different moments, one lease apart, loses no reminder and doubles only those sent before their mark landed", async () => {
    const w = world();
    const chats = Array.from({ length: 150 }, (_, index) => `chat-${index}`);
    await digestsDue(w.store, chats, DUE);
    // During a send (it did not go out), or just after one (it went out, its job not yet marked sent); each kind twice.
    // Sends take no time here, quicker than a commit: the jobs sent while a mark was being written were not marked yet either.
    // (`npm run reliability` kills more often and at random; this keeps `npm test` within its time.)
    const kills: SweepEnv[] = [{ KILL_AT_SEND: 4 }, { KILL_AFTER_SEND: 17 }, { KILL_AT_SEND: 2 }, { KILL_AFTER_SEND: 31 }];
    const killed: (NodeJS.Signals | null)[] = [];
    const sentTwice: string[] = [];
    for (const [index, kill] of kills.entries()) {
      // Each run comes once the lease of the one before has lapsed, as a restarted process would.
      killed.push((await sweep(w, afterLeases(index), kill)).signal);
      if ("KILL_AFTER_SEND" in kill) sentTwice.push(chatsSent(w).at(-1) ?? "");
    }
    expect((await sweep(w, afterLeases(kills.length))).status).toBe(0);

    const times = timesSent(sentTo(w.out));
    const lost = chats.filter((chat) => !times.has(chat));
    expect(lost).toEqual([]);
    expect(killed).toEqual(kills.map(() => "SIGKILL"));
    expect(new Set(sentTwice).size).toBe(2);
    const doubled = [...times].filter(([, count]) => count > 1).map(([chat]) => chat);
    // The chat sent just before each kill after a send went out again, and nothing outside the window did.
    expect(sentTwice.filter((chat) => !doubled.includes(chat))).toEqual([]);
    const window = await inWindow(w);
    expect(doubled.filter((chat) => !window.has(chat))).toEqual([]);
    const jobs = await w.database.client.scheduledJob.findMany({ where: { kind: "concern-digest" }, select: { status: true, outbox: true } });
    expect(jobs.filter((job) => job.status !== "sent" || job.outbox !== null)).toEqual([]);
  }, 240_000);

  it("two processes sweeping at once, each send outlasting the lease, send every digest once", async () => {
    const w = world();
    const chats = Array.from({ length: 12 }, (_, index) => `chat-${index}`);
    await digestsDue(w.store, chats, DUE);
    // The clock runs 1,000 times faster than real time: the 15-minute lease lapses in 0.9 s. Every fifth
    // send takes 1.5 s, 25 minutes of the clock, as waiting out a long rate limit would: one send, and the
    // batch it belongs to, outlast the lease. Claims are renewed every 50 ms (50 s of the clock).
    const both = { START_AT: Date.now(), CLOCK_RATE: 1000, SEND_MS: "1500,10,10,10,10", RENEW_EVERY_MS: 50, UNTIL_DONE: 1 };
    const exits = await Promise.all([sweep(w, DUE, both), sweep(w, DUE, both)]);
    expect(exits.map((exit) => (exit.status === 0 ? 0 : exit.stderr))).toEqual([0, 0]);

    const sent = sentTo(w.out);
    expect([...timesSent(sent)].sort()).toEqual(chats.map((chat) => [chat, 1]).sort());
    // Both sent some: a small batch leaves the rest of the work to the other while one is busy.
    expect(new Set(sent.map((message) => message.by)).size).toBe(2);
  }, 60_000);
});
