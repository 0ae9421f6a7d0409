/**
 * Plain SQL on the bench's store, beside Prisma: for bulk loads (not
 * measured) and for the bare baselines. The same few calls on SQLite
 * (better-sqlite3 on the file) and PostgreSQL (pg in the store's schema);
 * `?` marks a parameter on both.
 */
import Database from "better-sqlite3";
import { rawPostgres } from "../reliability/databases.ts";
import type { Scope } from "../reliability/scope.ts";
import { sqlitePath } from "../store/adapters.ts";
import { providerOf } from "../store/database.ts";

export type Value = string | number | null;

export interface RawSql {
  run(sql: string, values?: Value[]): Promise<void>;
  all(sql: string, values?: Value[]): Promise<Record<string, unknown>[]>;
  /** Runs `work` in one transaction. */
  transaction(work: () => Promise<void>): Promise<void>;
  /** A date as the store keeps it, for comparing and inserting. */
  time(date: Date): string;
  /**
   * After a bulk load: on PostgreSQL, the planner's statistics brought up to
   * date, as autovacuum does soon after that many rows (without them it plans
   * for empty tables); SQLite keeps none unless asked, and Baraza never asks.
   */
  analyze(): Promise<void>;
}

/** How Prisma stores a DateTime in SQLite: ISO text with an explicit offset. */
const sqliteTime = (date: Date) => date.toISOString().replace("Z", "+00:00");

export async function rawSql(scope: Scope, url: string): Promise<RawSql> {
  if (providerOf(url) === "sqlite") {
    const sqlite = new Database(sqlitePath(url));
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = FULL");
    sqlite.pragma("busy_timeout = 5000");
    scope.defer("raw SQLite connection", () => void sqlite.close());
    return {
      run: async (sql, values = []) => void sqlite.prepare(sql).run(...values),
      all: async (sql, values = []) => sqlite.prepare<Value[], Record<string, unknown>>(sql).all(...values),
      async transaction(work) {
        sqlite.exec("BEGIN IMMEDIATE");
        try {
          await work();
          sqlite.exec("COMMIT");
        } catch (error) {
          sqlite.exec("ROLLBACK");
          throw error;
        }
      },
      time: sqliteTime,
      analyze: async () => undefined,
    };
  }
  const client = await rawPostgres(scope, url);
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    run: async (sql, values = []) => void (await client.query(numbered(sql), values)),
    all: async (sql, values = []) => (await client.query<Record<string, unknown>>(numbered(sql), values)).rows,
    async transaction(work) {
      await client.query("BEGIN");
      try {
        await work();
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
    time: (date) => date.toISOString(),
    analyze: async () => void (await client.query("ANALYZE")),
  };
}
