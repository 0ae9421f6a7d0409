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
import { close as closeCallback, fdatasync as fdatasyncCallback, fsync as fsyncCallback, open as openCallback } from "node:fs";
import { dirname } from "node:path";
import { promisify } from "node:util";

// The callback calls, promised: lighter than fs/promises' file handles (see walSync).
const open = promisify(openCallback);
const close = promisify(closeCallback);
const fdatasync = promisify(fdatasyncCallback);
const fsync = promisify(fsyncCallback);

/** Resolves once everything written to the database file's log so far is on disk. */
export type Durable = () => Promise<void>;

/** The log of one database, synced on demand; `close` when the connection closes. */
export interface WalSync {
  durable: Durable;
  close(): Promise<void>;
}

/**
 * Syncs the log of the SQLite database at `path` (`<path>-wal`). The log is
 * opened at the first sync and kept open (opening it for every sync cost
 * three times the sync's own CPU): SQLite keeps the same file while any
 * connection is open, truncating it in place, and deletes it only when the
 * last one closes, which is when `close` is called. (SQLite locks the
 * database and its -shm file, never the log, so this descriptor cannot
 * release one of SQLite's locks when it is closed.)
 */
export function walSync(path: string): WalSync {
  const log = `${path}-wal`;
  let opened: Promise<number> | undefined;
  const descriptor = (): Promise<number> => {
    if (!opened) {
      const opening = openLog(log);
      // Opened again at the next sync if it failed (the caller of this one is told).
      opening.catch(() => void (opened === opening && (opened = undefined)));
      opened = opening;
    }
    return opened;
  };
  const durable = coalesced(async () => fdatasync(await descriptor()));
  return {
    durable,
    close: async () => {
      const closing = opened;
      opened = undefined;
      const fd = await closing?.catch(() => undefined);
      if (fd !== undefined) await close(fd);
    },
  };
}

/** Opens the log, and syncs its folder once, so that a log SQLite has just created is found after a power cut. */
async function openLog(log: string): Promise<number> {
  const fd = await open(log, "r");
  try {
    const folder = await open(dirname(log), "r");
    try {
      await fsync(folder);
    } finally {
      await close(folder);
    }
  } catch (error) {
    await close(fd);
    throw error;
  }
  return fd;
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

