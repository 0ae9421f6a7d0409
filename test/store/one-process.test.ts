/**
 * One Baraza process per SQLite file: a second says so and stops; a lock
 * left by a process that is gone is taken over.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { claimSqliteFile, DatabaseInUse } from "../../src/store/one-process.ts";

let dir: string;
let url: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "baraza-claim-"));
  url = `file:${join(dir, "baraza.db")}`;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("refuses a file another running process holds, naming it and the way out", async () => {
  const other = spawn("sleep", ["30"]);
  try {
    writeFileSync(join(dir, "baraza.db.lock"), String(other.pid));
    expect(() => claimSqliteFile(url)).toThrow(DatabaseInUse);
    expect(() => claimSqliteFile(url)).toThrow(/SQLite serves one process; stop the other one, or use PostgreSQL/);
  } finally {
    other.kill("SIGKILL");
    await new Promise((resolve) => other.once("exit", resolve));
  }
  // Gone, as after a kill -9: its lock is taken over.
  const release = claimSqliteFile(url);
  expect(readFileSync(join(dir, "baraza.db.lock"), "utf8")).toBe(String(process.pid));
  release();
  expect(existsSync(join(dir, "baraza.db.lock"))).toBe(false);
});

it("claims a file in a folder that does not exist yet (a fresh clone's data/), creating the folder for this account alone", () => {
  const fresh = join(dir, "data", "baraza.db");
  const release = claimSqliteFile(`file:${fresh}`);
  expect(readFileSync(`${fresh}.lock`, "utf8")).toBe(String(process.pid));
  expect(statSync(join(dir, "data")).mode & 0o777).toBe(0o700);
  release();
});
