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
import { claimPidFile } from "../pid-file.ts";
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
  // A fresh clone has no data folder yet: the claim comes before the store would create it.
  privateFolderFor(path);
  const claim = claimPidFile(`${path}.lock`);
  if (claim.kind === "held") throw new DatabaseInUse(path, claim.pid);
  return claim.release;
}
