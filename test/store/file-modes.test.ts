/**
 * What Baraza stores may name people who report violence: its files are
 * readable by the account it runs as, and no one else on the machine.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.ts";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "baraza-modes-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A file's permission bits, as `ls -l` would show them in octal. */
function mode(path: string): string {
  return (statSync(path).mode & 0o777).toString(8);
}

describe("the SQLite files", () => {
  it("creates the data folder 0700, and the database, its WAL and shared memory 0600", async () => {
    const folder = join(root, "data");
    const file = join(folder, "baraza.db");
    const database = await openDatabase(`file:${file}`);
    try {
      await database.client.programme.create({ data: { name: "Lakeside" } });
      expect(existsSync(`${file}-wal`)).toBe(true);
      expect({ folder: mode(folder), db: mode(file), wal: mode(`${file}-wal`), shm: mode(`${file}-shm`) }).toEqual({ folder: "700", db: "600", wal: "600", shm: "600" });
    } finally {
      await database.close();
    }
  });

  it("tightens a database (and its WAL and shared memory) that others could read, when it is opened", async () => {
    const file = join(root, "baraza.db");
    const first = await openDatabase(`file:${file}`);
    await first.client.programme.create({ data: { name: "Lakeside" } });
    await first.close();
    for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o644);

    const database = await openDatabase(`file:${file}`);
    try {
      await database.client.programme.create({ data: { name: "Riverside" } });
      expect({ db: mode(file), wal: mode(`${file}-wal`), shm: mode(`${file}-shm`) }).toEqual({ db: "600", wal: "600", shm: "600" });
    } finally {
      await database.close();
    }
  });

  it("leaves an existing folder's permissions alone: it may be shared, such as the working directory", async () => {
    chmodSync(root, 0o755);
    const database = await openDatabase(`file:${join(root, "baraza.db")}`);
    await database.close();
    expect(mode(root)).toBe("755");
  });
});
