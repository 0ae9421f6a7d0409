/**
 * Whether a store came through the kills whole. SQLite: `PRAGMA
 * integrity_check` must answer "ok" and `foreign_key_check` nothing.
 * PostgreSQL keeps its own consistency through crashes of its clients, so
 * there it is enough that every table can be counted and, with the amcheck
 * extension, that every B-tree index agrees with its table.
 */
import Database from "better-sqlite3";
import { sqlitePath } from "../store/adapters.ts";
import { rawPostgres } from "./databases.ts";
import type { Part } from "./part.ts";

export interface Integrity {
  /** What was checked, for the lines that say what was tried. */
  checked: string;
  /** Problems found: 0 when the store is whole. */
  problems: number;
}

export async function checkIntegrity(part: Part, url: string): Promise<Integrity> {
  return part.provider === "sqlite" ? checkSqlite(url) : checkPostgres(part, url);
}

function checkSqlite(url: string): Integrity {
  const sqlite = new Database(sqlitePath(url));
  try {
    const notOk = sqlite.prepare("PRAGMA integrity_check").pluck().all().filter((answer) => answer !== "ok").length;
    const broken = sqlite.prepare("PRAGMA foreign_key_check").all().length;
    return { checked: `integrity_check ${notOk === 0 ? "ok" : "NOT ok"}, foreign_key_check ${broken} rows`, problems: notOk + broken };
  } finally {
    sqlite.close();
  }
}

async function checkPostgres(part: Part, url: string): Promise<Integrity> {
  const client = await rawPostgres(part.scope, url);
  const tables = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`);
  let problems = 0;
  for (const { name } of tables.rows) {
    try {
      await client.query(`SELECT COUNT(*) FROM "${name}"`);
    } catch {
      problems += 1;
    }
  }
  let indexes = "amcheck unavailable";
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS amcheck SCHEMA public");
    const found = await client.query<{ oid: number; name: string }>(
      `SELECT c.oid::int AS oid, c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
       WHERE c.relnamespace = current_schema()::regnamespace AND a.amname = 'btree'`,
    );
    for (const { oid } of found.rows) {
      try {
        await client.query("SELECT public.bt_index_check($1::oid::regclass, true)", [oid]);
      } catch {
        problems += 1;
      }
    }
    indexes = `${found.rows.length} B-tree indexes checked against their tables (amcheck)`;
  } catch (error) {
    indexes = `amcheck unavailable (${error instanceof Error ? error.message : String(error)})`;
  }
  return { checked: `${tables.rows.length} tables counted, ${indexes}`, problems };
}
