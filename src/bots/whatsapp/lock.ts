/**
 * One process at a time owns the WhatsApp session. Two processes on one
 * linked number would both answer every message (twice in each group, and
 * twice as fast towards WhatsApp's bot detection), and two Chromiums on one
 * session folder would spoil it.
 *
 * - On PostgreSQL, where several Baraza processes may share a database, the
 *   claim is a session-level advisory lock (`pg_try_advisory_lock`) held on
 *   a connection of its own for as long as WhatsApp runs; PostgreSQL lets go
 *   of it when that connection ends, however the process ended. The key is
 *   fixed for Baraza's WhatsApp, and one per schema, since two schemas are
 *   two deployments. The holder is named by its connection's
 *   `application_name` (process id and host), so a second process can say
 *   which one it is.
 * - On SQLite (one process per database file already, see
 *   src/store/one-process.ts) the claim is a lock file in the session
 *   folder holding the owner's process id, created only if absent
 *   (`O_EXCL`); one left by a process that no longer runs (killed, a power
 *   cut) is taken over.
 *
 * Either way a held claim is an answer ({@link SessionClaim} `held`), not an
 * error: the caller runs without WhatsApp.
 */
import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { claimPidFile } from "../../pid-file.ts";
import { postgresSchema, providerOf } from "../../store/adapters.ts";

/** The session's lock file, in the session folder, on SQLite. */
export const LOCK_FILE = "baraza.lock";
/** The advisory lock's first key: "WA" in ASCII, the same for every Baraza. */
const LOCK_CLASS = 0x5741;
/** How a lock-holding connection names itself: `baraza-whatsapp <pid>@<host>`. */
const APPLICATION = "baraza-whatsapp";

export interface SessionLock {
  /** Lets go of the claim; safe to call more than once. */
  release(): Promise<void>;
  /**
   * Calls `listener` if the claim is lost while held (PostgreSQL: the
   * connection holding it broke), after which another process may take the
   * session.
   */
  onLost(listener: (reason: string) => void): void;
}

export type SessionClaim =
  | { kind: "taken"; lock: SessionLock }
  /** `holder` names the other process for the operator: `pid 4242`, or `pid 4242 on host-b`; undefined when it cannot be told. */
  | { kind: "held"; holder: string | undefined };

/** Claims the WhatsApp session for this process, as the database `databaseUrl` decides (see above). */
export function claimWhatsAppSession(options: { databaseUrl: string; sessionDir: string }): Promise<SessionClaim> {
  return providerOf(options.databaseUrl) === "postgresql" ? claimOnPostgres(options.databaseUrl) : Promise.resolve(claimLockFile(options.sessionDir));
}

// ---------------------------------------------------------------- PostgreSQL

/** The advisory lock's second key: the schema's, as a positive 31-bit number. */
function schemaKey(schema: string): number {
  return createHash("sha256").update(`baraza-whatsapp:${schema}`).digest().readUInt32BE(0) & 0x7fffffff;
}

async function claimOnPostgres(url: string): Promise<SessionClaim> {
  const key = schemaKey(postgresSchema(url));
  // application_name is cut at 63 bytes by PostgreSQL.
  const client = new pg.Client({ connectionString: url, application_name: `${APPLICATION} ${process.pid}@${hostname()}`.slice(0, 63) });
  const listeners: ((reason: string) => void)[] = [];
  let released = false;
  // Without a listener a broken connection would end the process; here it ends the claim.
  client.on("error", (error) => {
    if (released) return;
    released = true;
    const reason = "code" in error && typeof error.code === "string" ? error.code : "the connection broke";
    for (const listener of listeners) listener(reason);
  });
  await client.connect();
  try {
    const taken = await client.query<{ taken: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS taken", [LOCK_CLASS, key]);
    if (taken.rows[0]?.taken !== true) {
      const holder = await postgresHolder(client, key);
      await client.end();
      return { kind: "held", holder };
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    kind: "taken",
    lock: {
      async release() {
        if (released) return;
        released = true;
        // Ending the connection lets go of the lock too; unlocking first says so at once.
        await client.query("SELECT pg_advisory_unlock($1, $2)", [LOCK_CLASS, key]).catch(() => undefined);
        await client.end().catch(() => undefined);
      },
      onLost: (listener) => listeners.push(listener),
    },
  };
}

/** Who holds the lock, from its connection's application_name; undefined when that is not Baraza's form. */
async function postgresHolder(client: pg.Client, key: number): Promise<string | undefined> {
  const found = await client.query<{ application_name: string }>(
    `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [LOCK_CLASS, key],
  );
  const match = /^baraza-whatsapp (\d+)@(.*)$/.exec(found.rows[0]?.application_name ?? "");
  if (!match) return undefined;
  const [, pid, host] = match;
  return host === hostname() || !host ? `pid ${pid}` : `pid ${pid} on ${host}`;
}

// ---------------------------------------------------------------- lock file

/** Lock files this process holds: a second claim in the same process is refused, as another process's would be. */
const heldHere = new Set<string>();

function claimLockFile(sessionDir: string): SessionClaim {
  const path = resolve(join(sessionDir, LOCK_FILE));
  if (heldHere.has(path)) return { kind: "held", holder: `pid ${process.pid}` };
  const claim = claimPidFile(path);
  if (claim.kind === "held") return { kind: "held", holder: `pid ${claim.pid}` };
  heldHere.add(path);
  let released = false;
  return {
    kind: "taken",
    lock: {
      release() {
        if (released) return Promise.resolve();
        released = true;
        heldHere.delete(path);
        claim.release();
        return Promise.resolve();
      },
      // A file is not lost while the process runs.
      onLost: () => undefined,
    },
  };
}
