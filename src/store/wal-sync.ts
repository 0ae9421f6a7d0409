/**
 * SQLite commits made durable off the event loop.
 *
 * better-sqlite3 runs SQLite on the event loop's own thread, so with
 * `synchronous = FULL` every COMMIT stopped the whole process while the disk
 * synced the write-ahead log: about a millisecond per commit on this
 * machine, the largest single cost of a message, during which no other
 * message, reply or timer moved. Instead connections run with
 * `synchronous = NORMAL`, where a commit in WAL mode is written to the log
 * but not synced, and the log is synced here, on libuv's thread pool. A
 * commit (or a write outside a transaction) is reported only once a sync
 * that began after it has finished, so what a caller was told is committed
 * is on disk, as with FULL: a processed update, a ballot or a scheduled job
 * survives a power cut before the platform is told it was received
 * (SPEC §9). Meanwhile the connection serves the next message; commits that
 * land while a sync runs share the next one.
 *
 * A commit that is not yet synced is visible to the transactions after it.
 * They cannot be reported before it (their own sync starts later and covers
 * it), and on a power cut both are lost, neither having been reported. The
 * log is opened for each sync (a connection may close and SQLite delete and
 * recreate it), and the folder is synced once after the first, so that a
 * log SQLite has just created is found after a power cut. Checkpoints (the
 * log copied into the database file) sync both files themselves, at NORMAL
 * as at FULL.
 */
import { open } from "node:fs/promises";
import { dirname } from "node:path";

/** Resolves once everything written to the database file's log so far is on disk. */
export type Durable = () => Promise<void>;

/** A `Durable` for the SQLite database at `path` (its log is `<path>-wal`). */
export function walSync(path: string): Durable {
  const log = `${path}-wal`;
  let folderSynced = false;
  return coalesced(async () => {
    await syncFile(log, "data");
    if (!folderSynced) await syncFile(dirname(log), "all");
    folderSynced = true;
  });
}

/**
 * A `Durable` from a sync: a caller waits for a sync that begins after its
 * call; while one runs, every caller meanwhile shares the one after it.
 */
export function coalesced(sync: () => Promise<void>): Durable {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const durable: Durable = () => {
    if (!running) {
      running = sync().finally(() => (running = undefined));
      return running;
    }
    // The sync under way may have begun before the caller's write.
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = undefined;
        return durable();
      });
    return next;
  };
  return durable;
}

/** Syncs a file's data (or its data and metadata) to disk. A log that is missing after a commit is an error: what was committed is not where it is synced. */
async function syncFile(path: string, what: "data" | "all"): Promise<void> {
  const handle = await open(path, "r");
  try {
    await (what === "data" ? handle.datasync() : handle.sync());
  } finally {
    await handle.close();
  }
}
