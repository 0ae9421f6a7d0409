/**
 * One person's consecutive messages, received by two bot processes on one
 * PostgreSQL at the same moment, are handled in the order they were sent.
 * (SQLite is for one process: there the adapters keep the order.)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Inbound } from "../../src/flows/messages.ts";
import { openDatabase, type Database } from "../../src/store/database.ts";
import { freshPostgresUrl, type FreshUrl } from "../store/databases.ts";

const PAIRS = 24;
let fresh: FreshUrl;
let database: Database;
let dir: string;

beforeEach(async () => {
  fresh = freshPostgresUrl();
  database = await openDatabase(fresh.url);
  dir = mkdtempSync(join(tmpdir(), "baraza-order-"));
});
afterEach(async () => {
  await database.close();
  await fresh.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** A person's private message, numbered as the platform numbers its updates. */
function message(person: number, order: number, text: string): Inbound {
  return { platform: "test", updateId: String(order), order, chat: { id: `dm-${person}`, kind: "private" }, sender: { id: `p${person}`, name: `Person ${person}` }, text };
}

function runProcess(name: string, schedule: { at: number; inbound: Inbound }[], startAt: number): Promise<number | null> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(schedule));
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/handle-process.ts"], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: fresh.url, SCHEDULE: file, START_AT: String(startAt) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

it("handles each person's messages in order when two processes receive them at the same instant", async () => {
  // Each pair: `/lang`, then `2` (Burmese), sent one after the other; the first goes to one process, the second to the other.
  // In order, the person reads Burmese; the other way round, "2" answers nothing and `/lang` is left waiting.
  const first: { at: number; inbound: Inbound }[] = [];
  const second: { at: number; inbound: Inbound }[] = [];
  for (let person = 0; person < PAIRS; person += 1) {
    const at = person * 60;
    // The second message reaches its process 1 to 8 ms after the first reaches the other: a double tap.
    first.push({ at, inbound: message(person, 2 * person + 100, "/lang") });
    second.push({ at: at + 1 + (person % 8), inbound: message(person, 2 * person + 101, "2") });
  }
  const startAt = Date.now() + 4000;
  const [a, b] = await Promise.all([runProcess("a", first, startAt), runProcess("b", second, startAt)]);
  expect([a, b]).toEqual([0, 0]);
  const people = await database.client.person.findMany({ select: { platformUserId: true, locale: true } });
  expect(people).toHaveLength(PAIRS);
  expect(people.filter((p) => p.locale !== "my").map((p) => p.platformUserId)).toEqual([]);
}, 60_000);
