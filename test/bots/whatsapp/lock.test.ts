/**
 * One process owns the WhatsApp session: a second is told who holds it
 * (on the same PostgreSQL database, or the same session folder on SQLite),
 * a claim let go of can be taken again, and a lock file left by a process
 * that is gone is taken over.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { claimWhatsAppSession, LOCK_FILE, type SessionClaim } from "../../../src/bots/whatsapp/lock.ts";
import { freshPostgresUrl, testPostgresUrl } from "../../store/databases.ts";

let dir: string;
let sessionDir: string;
const claims: SessionClaim[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "baraza-wa-lock-"));
  sessionDir = join(dir, "whatsapp");
  mkdirSync(sessionDir);
});
afterEach(async () => {
  for (const claim of claims.splice(0)) if (claim.kind === "taken") await claim.lock.release();
  rmSync(dir, { recursive: true, force: true });
});

async function claim(databaseUrl: string): Promise<SessionClaim> {
  const claimed = await claimWhatsAppSession({ databaseUrl, sessionDir });
  claims.push(claimed);
  return claimed;
}

/** Another process, still running. */
async function otherProcess(): Promise<ChildProcess & { pid: number }> {
  const other = spawn("sleep", ["30"]);
  await new Promise((resolve) => other.once("spawn", resolve));
  if (other.pid === undefined) throw new Error("sleep did not start");
  return Object.assign(other, { pid: other.pid });
}

async function ended(other: ChildProcess): Promise<void> {
  other.kill("SIGKILL");
  await new Promise((resolve) => other.once("exit", resolve));
}

describe("on SQLite, with a lock file in the session folder", () => {
  const sqlite = () => `file:${join(dir, "baraza.db")}`;

  it("writes this process's id, and removes the file when let go", async () => {
    const first = await claim(sqlite());
    expect(first.kind).toBe("taken");
    expect(readFileSync(join(sessionDir, LOCK_FILE), "utf8")).toBe(String(process.pid));
    if (first.kind === "taken") await first.lock.release();
    expect(existsSync(join(sessionDir, LOCK_FILE))).toBe(false);
    expect((await claim(sqlite())).kind).toBe("taken");
  });

  it("refuses a second claim while the first is held, naming the holder", async () => {
    expect((await claim(sqlite())).kind).toBe("taken");
    expect(await claim(sqlite())).toEqual({ kind: "held", holder: `pid ${process.pid}` });
  });

  it("refuses a session another running process holds, and takes it over once that process is gone", async () => {
    const other = await otherProcess();
    try {
      writeFileSync(join(sessionDir, LOCK_FILE), String(other.pid));
      expect(await claim(sqlite())).toEqual({ kind: "held", holder: `pid ${other.pid}` });
    } finally {
      await ended(other);
    }
    // Gone, as after a kill -9 or a power cut.
    expect((await claim(sqlite())).kind).toBe("taken");
    expect(readFileSync(join(sessionDir, LOCK_FILE), "utf8")).toBe(String(process.pid));
  });

  it("takes over a lock file holding no process id", async () => {
    writeFileSync(join(sessionDir, LOCK_FILE), "");
    expect((await claim(sqlite())).kind).toBe("taken");
  });
});

describe("on PostgreSQL, with an advisory lock", () => {
  it("refuses a second process on the same database, naming the holder's process id, and lets it in once released", async () => {
    const url = freshPostgresUrl().url;
    const first = await claim(url);
    expect(first.kind).toBe("taken");
    expect(await claim(url)).toEqual({ kind: "held", holder: `pid ${process.pid}` });
    if (first.kind === "taken") await first.lock.release();
    expect((await claim(url)).kind).toBe("taken");
  });

  it("lets two schemas (two deployments) each hold their own", async () => {
    expect((await claim(freshPostgresUrl().url)).kind).toBe("taken");
    expect((await claim(freshPostgresUrl().url)).kind).toBe("taken");
  });

  it("lets go when the holding connection ends, as when the process dies", async () => {
    const url = freshPostgresUrl().url;
    const first = await claim(url);
    expect(first.kind).toBe("taken");
    const lost: string[] = [];
    if (first.kind === "taken") first.lock.onLost((reason) => lost.push(reason));
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [`baraza-whatsapp ${process.pid}@${hostname()}`.slice(0, 63)]);
    } finally {
      await admin.end();
    }
    for (let tries = 0; tries < 50 && lost.length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lost).toHaveLength(1);
    expect((await claim(url)).kind).toBe("taken");
  });
});
