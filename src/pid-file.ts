/**
 * A claim on something for this process, as a file holding its process id:
 * created only if absent (`O_EXCL`); one left by a process that no longer
 * runs (killed, a power cut, or an earlier life of this process id, as in a
 * restarted container) is taken over. Serves the SQLite store's one process
 * per file (src/store/one-process.ts) and WhatsApp's one process per session
 * (src/bots/whatsapp/lock.ts).
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";

export type PidFileClaim =
  /** Claimed: `release` removes the file if it is still this process's (safe to call more than once). */
  | { kind: "taken"; release: () => void }
  /** Another running process holds it. */
  | { kind: "held"; pid: number };

/** Claims `path` for this process (see above). Throws when the file can be neither made nor taken over (a folder not writable). */
export function claimPidFile(path: string): PidFileClaim {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, "wx", 0o600);
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      // Only this process's: a file another took over since (after this one was thought gone) stays.
      return { kind: "taken", release: () => (ownerOf(path) === process.pid ? rmSync(path, { force: true }) : undefined) };
    } catch (error) {
      if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
      const owner = ownerOf(path);
      if (owner !== undefined && owner !== process.pid && running(owner)) return { kind: "held", pid: owner };
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not create ${path}; check that its folder is writable by the account Baraza runs as.`);
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
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
