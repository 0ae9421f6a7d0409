/**
 * The sweep's heartbeat, in one process: while a sweep works, the claims it
 * holds are renewed with the clock's time, and its timer ends with the
 * sweep, whether the sweep finished or failed. (delivery.test.ts shows what
 * this buys with real processes.)
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { deliverJobs } from "../../src/flows/jobs.ts";
import type { Store } from "../../src/flows/ports.ts";
import { openDatabase, type Database } from "../../src/store/database.ts";
import { createStore } from "../../src/store/store.ts";
import { freshSqliteUrl, type FreshUrl } from "../store/databases.ts";
import { digestsDue, sweepDeps } from "../support/sweeps.ts";

const DUE = new Date("2026-11-23T03:00:00Z");
const MINUTE = 60_000;
let fresh: FreshUrl;
let database: Database;
let store: Store;
let now: Date;
const clock = { now: () => now };

beforeEach(async () => {
  fresh = await freshSqliteUrl();
  database = await openDatabase(fresh.url);
  store = createStore(database);
  now = DUE;
});
afterEach(async () => {
  vi.useRealTimers();
  await database.close();
  await fresh.remove();
});

/** The same store, except that claiming fails after the first claim, as when the database goes away mid-sweep. */
function failingAfterOneClaim(store: Store): Store {
  let claims = 0;
  const failing = (inner: Store): Store => {
    const jobs = new Proxy(inner.jobs, {
      get: (target, key) =>
        key === "claimDue"
          ? (...args: Parameters<Store["jobs"]["claimDue"]>) => (++claims > 1 ? Promise.reject(new Error("database gone")) : target.claimDue(...args))
          : Reflect.get(target, key),
    });
    // A transaction's store fails the same way.
    const transaction: Store["transaction"] = (work) => inner.transaction((tx) => work(failing(tx)));
    return new Proxy(inner, { get: (target, key) => (key === "jobs" ? jobs : key === "transaction" ? transaction : Reflect.get(target, key)) });
  };
  return failing(store);
}

it("renews the claim on the job in progress with the clock's time while its send waits", async () => {
  await digestsDue(store, ["a"], DUE);
  const claimedAt: (Date | null)[] = [];
  const send = async () => {
    // A long wait (a platform's rate limit): the clock moves on meanwhile.
    now = new Date(DUE.getTime() + 10 * MINUTE);
    await sleep(150);
    const job = await database.client.scheduledJob.findFirstOrThrow({ where: { kind: "concern-digest" } });
    claimedAt.push(job.claimedAt);
  };
  expect(await deliverJobs(sweepDeps(store, clock), send, "worker-a", { renewEveryMs: 10 })).toBe(1);
  expect(claimedAt).toEqual([new Date(DUE.getTime() + 10 * MINUTE)]);
});

it("leaves no timer running once the sweep has finished, or failed", async () => {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  await digestsDue(store, ["a", "b"], DUE);
  const timersWhileSending: number[] = [];
  const send = async () => {
    timersWhileSending.push(vi.getTimerCount());
  };
  expect(await deliverJobs(sweepDeps(store, clock), send, "worker-a")).toBe(2);
  expect(timersWhileSending).toEqual([1, 1]);
  expect(vi.getTimerCount()).toBe(0);

  // A full batch, so that the sweep claims again, and fails.
  await digestsDue(store, Array.from({ length: 10 }, (_, index) => `more-${index}`), DUE);
  const failing = deliverJobs(sweepDeps(failingAfterOneClaim(store), clock, { error: () => undefined }), async () => undefined, "worker-b");
  await expect(failing).rejects.toThrow("database gone");
  expect(vi.getTimerCount()).toBe(0);
});
