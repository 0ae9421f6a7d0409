/**
 * Transactions as PostgreSQL's write-ahead log records them (pg_walinspect):
 * each commit, in order, with its subtransactions, and the relations each
 * transaction id wrote to. Rows written inside a savepoint carry the
 * savepoint's own id (as the de-duplicating inserts do), which only the
 * commit record ties to the transaction; and the log keeps every change,
 * with its transaction, after the rows themselves are gone.
 */
import type pg from "pg";

export interface Committed {
  /** The transaction and its subtransactions. */
  family: Set<string>;
  /** The relations (tables and indexes, by name) any of them wrote to. */
  touched: Set<string>;
}

/** The current end of the log, to read from later. */
export async function walPosition(client: pg.Client): Promise<string> {
  return (await client.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0]?.lsn ?? "0/0";
}

/** The transactions committed between two positions of the log, in the order they committed. */
export async function committedBetween(client: pg.Client, from: string, to: string): Promise<Committed[]> {
  await client.query("CREATE EXTENSION IF NOT EXISTS pg_walinspect SCHEMA public");
  const relations = await client.query<{ node: string; name: string }>(`SELECT relfilenode::text AS node, relname AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace`);
  const names = new Map(relations.rows.map((row) => [row.node, row.name]));
  const records = await client.query<{ xid: string; type: string; description: string | null; blocks: string | null }>(
    `SELECT xid::text AS xid, record_type AS type, description, block_ref AS blocks FROM public.pg_get_wal_records_info($1, $2)`,
    [from, to],
  );
  const touched = new Map<string, Set<string>>();
  const commits: Committed[] = [];
  for (const record of records.rows) {
    for (const [, node = ""] of (record.blocks ?? "").matchAll(/rel \d+\/\d+\/(\d+)/g)) {
      const name = names.get(node);
      if (name) touched.set(record.xid, (touched.get(record.xid) ?? new Set()).add(name));
    }
    if (record.type === "COMMIT") {
      const subtransactions = /subxacts: ([\d ]+)/.exec(record.description ?? "")?.[1]?.trim().split(/\s+/) ?? [];
      const family = new Set([record.xid, ...subtransactions]);
      commits.push({ family, touched: new Set([...family].flatMap((xid) => [...(touched.get(xid) ?? [])])) });
    }
  }
  return commits;
}
