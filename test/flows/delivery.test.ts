/**
 * The sweep's delivery guarantee, with real processes killed mid-sweep: no
 * reminder is lost and none reaches anyone twice.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/store/database.ts";
import { createStore } from "../../src/store/store.ts";
import type { Store } from "../../src/flows/ports.ts";
import { freshSqliteUrl, type FreshUrl } from "../store/databases.ts";
import { CLAIM_LEASE_MS } from "../../src/store/repositories/jobs.ts";

const DUE = new Date("2026-11-23T03:00:00Z");
let fresh: FreshUrl;
let database: Database;
let store: Store;
let out: string;

beforeEach(async () => {
  fresh = await freshSqliteUrl();
  database = await openDatabase(fresh.url);
  store = createStore(database.client);
  out = join(fresh.url.replace(/^file:/, "").replace(/[^/]+$/, ""), "sent.jsonl");
  // Three groups, each with a concern waiting for its digest at DUE.
  for (const chat of ["a", "b", "c"]) {
    const group = await store.groups.create({ platform: "test", chatId: chat, locale: "en", timeZone: "Asia/Yangon" });
    await store.groups.update(group.id, { name: `Group ${chat}`, setupAt: DUE });
    const cycle = await store.cycles.current(group.id);
    await store.concerns.add({ groupId: group.id, cycleId: cycle.id, text: `Concern of ${chat}`, authorId: null, at: DUE });
    await store.jobs.schedule({ kind: "concern-digest", groupId: group.id, personId: null, dueAt: DUE, payload: {}, dedupeKey: `digest:${chat}` });
  }
});
afterEach(async () => {
  await database.close();
  await fresh.remove();
});

function sweep(at: Date, killAtSend = 0) {
  return spawnSync(process.execPath, ["--import", "tsx", "test/support/sweep-process.ts"], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: fresh.url, NOW: at.toISOString(), OUT: out, KILL_AT_SEND: String(killAtSend) },
    encoding: "utf8",
    timeout: 60_000,
  });
}

function delivered(): string[] {
  if (!existsSync(out)) return [];
  return readFileSync(out, "utf8").trim().split("\n").filter((line) => line !== "").map((line) => JSON.parse(line).to.chatId);
}

const afterLease = new Date(DUE.getTime() + CLAIM_LEASE_MS + 60_000);

describe("the sweep, killed mid-way and restarted", () => {
  it("killed between claiming and sending: after the lease lapses, every message goes out once", async () => {
    const killed = sweep(DUE, 1);
    expect(killed.signal).toBe("SIGKILL");
    expect(delivered()).toEqual([]);
    expect(sweep(DUE).status).toBe(0);
    expect(delivered()).toEqual([]);
    expect(sweep(afterLease).status).toBe(0);
    expect(delivered().sort()).toEqual(["a", "b", "c"]);
    expect(sweep(afterLease).status).toBe(0);
    expect(delivered().sort()).toEqual(["a", "b", "c"]);
  });

  it("killed after sending one message: that one is not sent again, the others still go out", async () => {
    const killed = sweep(DUE, 2);
    expect(killed.signal).toBe("SIGKILL");
    expect(delivered()).toEqual(["a"]);
    expect(sweep(afterLease).status).toBe(0);
    expect(delivered().sort()).toEqual(["a", "b", "c"]);
  });

  it("sends the saved message again, not a new one, when the job had already done its work", async () => {
    sweep(DUE, 1);
    // The first digest was prepared (its concern marked as shown) before the kill; more concerns arrive meanwhile.
    const group = await store.groups.find("test", "a");
    const cycle = await store.cycles.current(group?.id ?? -1);
    await store.concerns.add({ groupId: group?.id ?? -1, cycleId: cycle.id, text: "A later concern", authorId: null, at: DUE });
    sweep(afterLease);
    const first = readFileSync(out, "utf8").trim().split("\n").map((line) => JSON.parse(line)).find((m) => m.to.chatId === "a");
    expect(first.text).toContain("Concern of a");
    expect(first.text).not.toContain("A later concern");
  });
});
