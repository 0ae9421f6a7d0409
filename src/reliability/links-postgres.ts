/**
 * What PostgreSQL keeps that could join an anonymous concern to its author
 * (issue 8, point 1). Every row carries the id of the transaction that wrote
 * it (xmin); a row deleted or replaced stays in its page, with the ids of
 * the transactions that wrote and removed it, until vacuum; the write-ahead
 * log keeps every change with its transaction. The concern's transaction is
 * taken with its subtransactions (the savepoints of de-duplicating inserts),
 * read from its commit record. Counted, for each concern:
 *
 * - sameTransactionRows: live rows its transaction wrote that name a person:
 *   any row of Person, Membership or Conversation (whose key holds the
 *   person's id), and any row with a person's id in it (a column
 *   referencing Person, or one named like personId, authorId, actorId,
 *   ownerId, ...ById);
 * - rowVersionsOfTheTransaction: row versions of Person, Membership and
 *   Conversation, live or dead, that it wrote or removed (pageinspect);
 * - walRecordsOfTheTransaction: its changes, in the log, to those tables or
 *   their indexes;
 * - nextTransactionLinks: the author's own rows written or removed by the
 *   very next transaction to commit (their new display name, the
 *   conversation that led to the concern). Transaction ids count up one by
 *   one: moved to the transaction after, those writes point at the author
 *   as surely as in the same one, whenever nobody else wrote in between.
 */
import type pg from "pg";
import type { RaisedConcern } from "./anonymous-concerns.ts";
import type { Committed } from "./wal-transactions.ts";
import { PLATFORM } from "./world.ts";

/** Tables every row of which is about one person. */
const PERSONAL = ["Person", "Membership", "Conversation"];
const PERSON_COLUMN = /^(person|author|actor|owner)Id$|ById$/;

export interface PostgresLinks {
  sameTransactionRows: number;
  rowVersionsOfTheTransaction: number;
  walRecordsOfTheTransaction: number;
  nextTransactionLinks: number;
  /** The tables the concerns' transactions wrote, for the report. */
  written: string[];
  /** Row versions read from the pages of the personal tables. */
  versionsRead: number;
}

interface Version {
  table: string;
  xmin: string;
  xmax: string;
  /** The tuple's bytes as text, to find a conversation key in a deleted row. */
  data: string;
}

export async function linksInPostgres(client: pg.Client, commits: readonly Committed[], concerns: readonly RaisedConcern[]): Promise<PostgresLinks> {
  const tables = (await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`)).rows.map((row) => row.name);
  const personColumns = await columnsNamingPeople(client);
  const personal = await personalRelations(client);
  const versions = await rowVersions(client);
  const links: PostgresLinks = { sameTransactionRows: 0, rowVersionsOfTheTransaction: 0, walRecordsOfTheTransaction: 0, nextTransactionLinks: 0, written: [], versionsRead: versions.length };
  const written = new Set<string>();

  for (const concern of concerns) {
    const xmin = (await client.query<{ xmin: string }>(`SELECT xmin::text AS xmin FROM "Concern" WHERE id = $1`, [concern.concernId])).rows[0]?.xmin ?? "";
    const index = commits.findIndex((commit) => commit.family.has(xmin));
    const family = commits[index]?.family ?? new Set([xmin]);
    const ids = [...family];
    for (const table of tables) {
      const rows = (await client.query<Record<string, unknown>>(`SELECT * FROM "${table}" WHERE xmin::text = ANY($1)`, [ids])).rows;
      if (rows.length > 0) written.add(table);
      for (const row of rows) if (PERSONAL.includes(table) || (personColumns.get(table) ?? []).some((column) => row[column] != null)) links.sameTransactionRows += 1;
    }
    links.rowVersionsOfTheTransaction += versions.filter((version) => family.has(version.xmin) || family.has(version.xmax)).length;
    links.walRecordsOfTheTransaction += [...(commits[index]?.touched ?? [])].filter((relation) => personal.has(relation)).length;

    const next = index >= 0 ? commits[index + 1]?.family : undefined;
    if (next) links.nextTransactionLinks += await authorsRowsOf(client, versions, next, concern.authorId);
  }
  links.written = [...written].sort();
  return links;
}

/** The author's rows written (live) or written or removed (any version) by the transactions in `family`. */
async function authorsRowsOf(client: pg.Client, versions: readonly Version[], family: ReadonlySet<string>, author: number): Promise<number> {
  const ids = [...family];
  const person = await client.query(`SELECT 1 FROM "Person" WHERE id = $1 AND xmin::text = ANY($2)`, [author, ids]);
  const memberships = await client.query(`SELECT 1 FROM "Membership" WHERE "personId" = $1 AND xmin::text = ANY($2)`, [author, ids]);
  // The conversation's key, `<platform>:<chat or dm>:<person id>`, as it lies in the tuple's bytes.
  const key = new RegExp(`${PLATFORM}:[^:\\s"]+:${author}(?![0-9])`);
  const conversations = versions.filter((version) => version.table === "Conversation" && (family.has(version.xmin) || family.has(version.xmax)) && key.test(version.data));
  return (person.rowCount ?? 0) + (memberships.rowCount ?? 0) + conversations.length;
}

/** Every row version, live or dead, of the personal tables, read from their pages. */
async function rowVersions(client: pg.Client): Promise<Version[]> {
  await client.query("CREATE EXTENSION IF NOT EXISTS pageinspect SCHEMA public");
  const versions: Version[] = [];
  for (const table of PERSONAL) {
    const rows = await client.query<{ xmin: string; xmax: string; data: string | null }>(
      `SELECT t_xmin::text AS xmin, t_xmax::text AS xmax, encode(t_data, 'escape') AS data
       FROM generate_series(0, (pg_relation_size('"${table}"') / current_setting('block_size')::int) - 1) AS page,
            LATERAL public.heap_page_items(public.get_raw_page('"${table}"', page::int))
       WHERE t_xmin IS NOT NULL`,
    );
    for (const row of rows.rows) versions.push({ table, xmin: row.xmin, xmax: row.xmax, data: row.data ?? "" });
  }
  return versions;
}

/** The personal tables and their indexes, by name. */
async function personalRelations(client: pg.Client): Promise<Set<string>> {
  const rows = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace
       AND (c.relname = ANY($1) OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relname = ANY($1))))`,
    [PERSONAL],
  );
  return new Set(rows.rows.map((row) => row.name));
}

/** For each table, its columns that hold a person's id: those referencing Person, and those named as such. */
async function columnsNamingPeople(client: pg.Client): Promise<Map<string, string[]>> {
  const columns = await client.query<{ table: string; column: string; references_person: boolean }>(
    `SELECT c.table_name AS table, c.column_name AS column,
            EXISTS (SELECT 1 FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
                    WHERE k.contype = 'f' AND k.conrelid = format('%I.%I', c.table_schema, c.table_name)::regclass
                      AND k.confrelid = format('%I.%I', c.table_schema, 'Person')::regclass AND a.attname = c.column_name) AS references_person
     FROM information_schema.columns c WHERE c.table_schema = current_schema()`,
  );
  const found = new Map<string, string[]>();
  for (const { table, column, references_person } of columns.rows) {
    if (references_person || PERSON_COLUMN.test(column)) found.set(table, [...(found.get(table) ?? []), column]);
  }
  return found;
}
