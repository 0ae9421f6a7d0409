/**
 * Rows read on every message and seldom written (a person, their group, their
 * membership, the group's open cycle, the programmes they coordinate), kept
 * in the process between messages, on SQLite.
 *
 * Correct because it is told of every change, whoever makes it:
 * - every statement this process runs is seen at the driver adapter, below
 *   every repository and raw query (see `watched` in adapters.ts): a write
 *   to a table forgets what was read from it; a delete from a cached table
 *   forgets everything (its rows' children go with it by cascade), and so
 *   does any statement that is neither a plain read nor a plain write, and a
 *   rollback (what was read after a write that is now undone);
 * - a change another process committed (the programme tool, say) shows in
 *   SQLite's `data_version`, read just before each transaction begins: then
 *   everything is forgotten. (A commit landing in the moment between that
 *   read and the transaction's first is seen by the next transaction.)
 * Entries are served only inside a transaction, after that check. A read
 * that raced a change is not kept (the generation moved on while it ran).
 *
 * PostgreSQL gets none of this: several processes share its work, and no
 * per-connection signal tells one of another's commits, so each message
 * reads its rows.
 *
 * Memory is bounded: past `limit` entries, everything is forgotten.
 */

/** The tables whose rows are kept. Deleting from one cascades to others, so such a delete forgets everything. */
export const CACHED_TABLES = ["Person", "PersonAlias", "Group", "Membership", "Cycle", "Programme", "ProgrammeStaff"] as const;
export type CachedTable = (typeof CACHED_TABLES)[number];

/** Enough for every active person's rows in a large programme; a few MB. */
const DEFAULT_LIMIT = 20_000;

interface Entry {
  tables: readonly CachedTable[];
  value: unknown;
}

/** What a statement does to the cache, from its SQL (see {@link classify}). */
export type Change = { kind: "none" } | { kind: "table"; table: string } | { kind: "everything" };

const READ = /^\s*(SELECT|PRAGMA|BEGIN|COMMIT|SAVEPOINT|RELEASE|EXPLAIN)\b/i;
const WRITE = /^\s*(INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+(?:[`"]?\w+[`"]?\s*\.\s*)?[`"]?(\w+)[`"]?/i;

/**
 * What running `sql` may have changed: nothing (a read, or transaction
 * control other than a rollback), one table, or anything.
 */
export function classify(sql: string): Change {
  if (READ.test(sql)) return { kind: "none" };
  const write = WRITE.exec(sql);
  if (!write?.[1] || !write[2]) return { kind: "everything" };
  const table = write[2];
  if (/^DELETE/i.test(write[1]) && isCached(table)) return { kind: "everything" };
  return { kind: "table", table };
}

function isCached(table: string): table is CachedTable {
  return (CACHED_TABLES as readonly string[]).includes(table);
}

export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  /** Moves on with every change, so a read that overlapped one is not kept. */
  private generation = 0;

  constructor(private readonly limit: number = DEFAULT_LIMIT) {}

  /** The value kept under `key`, or `load`'s, kept for next time unless something changed while it loaded. */
  async read<T>(key: string, tables: readonly CachedTable[], load: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept) return kept.value as T;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation) {
      if (this.entries.size >= this.limit) this.entries.clear();
      this.entries.set(key, { tables, value });
    }
    return value;
  }

  /** A statement ran: forget what it may have changed. */
  changed(change: Change): void {
    if (change.kind === "none") return;
    if (change.kind === "everything") {
      this.generation += 1;
      this.entries.clear();
      return;
    }
    const table = change.table;
    if (!isCached(table)) return;
    this.generation += 1;
    for (const [key, entry] of this.entries) if (entry.tables.includes(table)) this.entries.delete(key);
  }

  /** Forget everything (a rollback, another process's commit). */
  clear(): void {
    this.changed({ kind: "everything" });
  }

  get size(): number {
    return this.entries.size;
  }
}
