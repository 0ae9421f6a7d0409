/**
 * One Baraza process per SQLite file. SQLite is the store for one process:
 * two processes on one file would each handle messages, and nothing would
 * keep one person's messages in order between them (PostgreSQL does, see
 * repositories/lanes.ts). A second process on the same file says so and
 * stops, instead of answering out of order.
 *
 * The claim is a lock file beside the database holding the owner's process
 * id. A lock left by a process that no longer runs (killed, or a power cut)
 * is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { privateFolderFor, sqlitePath } from "./adapters.ts";

export class DatabaseInUse extends Error {
  constructor(path: string, pid: number) {
    super(
      `another Baraza process (process ${pid}) is using ${path}. SQLite serves one process; ` +
        `stop the other one, or use PostgreSQL (DATABASE_URL=postgresql://...) to run several. ` +
        `If no such process runs, delete ${path}.lock.`,
    );
    this.name = "DatabaseInUse";
  }
}

/** Claims the SQLite file `url` names for this process; returns how to let it go. Throws {@link DatabaseInUse}. */
export function claimSqliteFile(url: string): () => void {
  const path = sqlitePath(url);
  const lock = `${path}.lock`;
  // A fresh clone has no data folder yet: the claim comes before the store would create it.
  privateFolderFor(path);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lock, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
      const owner = Number(readFileSync(lock, "utf8").trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && running(owner)) throw new DatabaseInUse(path, owner);
      // Left by a process that is gone (or by this one, before a restart in place): take it over.
      rmSync(lock, { force: true });
    }
  }
  throw new Error(`Could not claim ${path}.lock; check that its folder is writable.`);
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return error instanceof Error && "code" in error && error.code === "EPERM";
  }
}
