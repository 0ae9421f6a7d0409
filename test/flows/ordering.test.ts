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
import type { Schedule } from "../../src/reliability/schedule.ts";
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

/** A person's private message, numbered as the platform numbers its updates, `at` milliseconds after the start. */
function message(at: number, person: number, order: number, text: string): Schedule[number] {
  return { at, person: { id: `p${person}`, name: `Person ${person}` }, text, order };
}

/** A bot process handling `schedule` (src/reliability/handle-process.ts, which the reliability suite runs too): ready once its store is open, then started at the moment `go` gives. */
function startProcess(name: string, schedule: Schedule): { ready: Promise<void>; go(startAt: number): void; exit: Promise<number | null> } {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(schedule));
  const child = spawn(process.execPath, ["--import", "tsx", "src/reliability/handle-process.ts"], {
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: fresh.url, SCHEDULE: file },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (data) => {
      if (String(data).includes("ready")) resolve();
    });
    child.once("exit", () => reject(new Error(`${name} exited before it was ready`)));
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { ready, go: (startAt) => child.stdin.end(`${startAt}\n`), exit };
}

it("handles each person's messages in order when two processes receive them at the same instant", async () => {
  // Each pair: `/lang`, then `2` (Burmese), sent one after the other; the first goes to one process, the second to the other.
  // In order, the person reads Burmese; the other way round, "2" answers nothing and `/lang` is left waiting.
  const first: Schedule = [];
  const second: Schedule = [];
  for (let person = 0; person < PAIRS; person += 1) {
    const at = person * 60;
    // The second message reaches its process 1 to 8 ms after the first reaches the other: a double tap.
    first.push(message(at, person, 2 * person + 100, "/lang"));
    second.push(message(at + 1 + (person % 8), person, 2 * person + 101, "2"));
  }
  const processes = [startProcess("a", first), startProcess("b", second)];
  await Promise.all(processes.map((p) => p.ready));
  const startAt = Date.now() + 500;
  for (const p of processes) p.go(startAt);
  const [a, b] = await Promise.all(processes.map((p) => p.exit));
  expect([a, b]).toEqual([0, 0]);
  const people = await database.client.person.findMany({ select: { platformUserId: true, locale: true }, where: { NOT: { platformUserId: { startsWith: "warm-" } } } });
  expect(people).toHaveLength(PAIRS);
  expect(people.filter((p) => p.locale !== "my").map((p) => p.platformUserId)).toEqual([]);
}, 60_000);
