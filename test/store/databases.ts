/**
 * Fresh, throwaway databases for store tests, one per provider, so that a
 * suite runs against both with `describe.each(databases)`:
 *
 * @example
 * describe.each(databases)("concerns on $name", ({ open }) => {
 *   let database: TestDatabase;
 *   beforeEach(async () => { database = await open(); });
 *   afterEach(() => database.close());
 *   it("numbers concerns per group", async () => { ... database.client ... });
 * });
 *
 * SQLite gets a file in a new temporary folder; PostgreSQL gets a new schema
 * in TEST_POSTGRES_URL (default: the local server's `test` database). Both are
 * migrated like production databases, and `close()` removes them.
 */
import { randomBytes } from "node:crypto";
import { chmod, copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database, type Provider } from "../../src/store/database.ts";

/** The PostgreSQL database tests create their schemas in. */
export const testPostgresUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

/** A database URL nobody else uses, and how to remove what it holds. */
export interface FreshUrl {
  readonly url: string;
  remove(): Promise<void>;
}

/** A new SQLite file URL in a temporary folder of its own. */
export async function freshSqliteUrl(): Promise<FreshUrl> {
  const dir = await mkdtemp(join(tmpdir(), "baraza-test-"));
  return { url: `file:${join(dir, "baraza.db")}`, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A new PostgreSQL schema (not created yet: migrations create it). */
export function freshPostgresUrl(): FreshUrl {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const url = new URL(testPostgresUrl);
  url.searchParams.set("schema", schema);
  return {
    url: url.href,
    remove: async () => {
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * A new SQLite file already migrated: a copy of the run's template (see
 * test/support/global-setup.ts), private to this account as Baraza makes
 * its files. Opening it applies no migration.
 */
export async function migratedSqliteUrl(): Promise<FreshUrl> {
  const fresh = await freshSqliteUrl();
  const path = fresh.url.slice("file:".length);
  await copyFile(inject("sqliteTemplate"), path);
  await chmod(path, 0o600);
  return fresh;
}

/** The tests' PostgreSQL server, by its maintenance database (where databases are created and dropped). */
export function postgresServerUrl(): string {
  const url = new URL(testPostgresUrl);
  url.pathname = "/postgres";
  url.search = "";
  return url.href;
}

/**
 * A new PostgreSQL database already migrated: a copy of the run's template
 * (see test/support/global-setup.ts); without one (the server was not
 * reachable at the start), a fresh schema that opening migrates.
 */
export async function migratedPostgresUrl(): Promise<FreshUrl> {
  const template = inject("postgresTemplate");
  if (!template) return freshPostgresUrl();
  const name = `t_${randomBytes(6).toString("hex")}`;
  const onServer = async (sql: string) => {
    const client = new pg.Client({ connectionString: postgresServerUrl() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await onServer(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  return { url: url.href, remove: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** A fresh URL for a provider, of a database that is already migrated. */
export function migratedUrl(provider: Provider): Promise<FreshUrl> {
  return provider === "sqlite" ? migratedSqliteUrl() : migratedPostgresUrl();
}

/** A fresh URL for a provider. */
export function freshUrl(provider: Provider): Promise<FreshUrl> {
  return provider === "sqlite" ? freshSqliteUrl() : Promise.resolve(freshPostgresUrl());
}

/** An open, migrated test database; `close()` also deletes it. */
export interface TestDatabase extends Database {
  readonly url: string;
}

/** One kind of database a store suite runs against. */
export interface DatabaseKind {
  readonly name: Provider;
  open(): Promise<TestDatabase>;
}

async function openFresh(provider: Provider): Promise<TestDatabase> {
  const fresh = await migratedUrl(provider);
  let database: Database;
  try {
    database = await openDatabase(fresh.url);
  } catch (error) {
    await fresh.remove();
    throw error;
  }
  return {
    ...database,
    url: fresh.url,
    close: async () => {
      try {
        await database.close();
      } finally {
        await fresh.remove();
      }
    },
  };
}

/** Every database Baraza supports, for `describe.each(databases)`. */
export const databases: readonly DatabaseKind[] = [
  { name: "sqlite", open: () => openFresh("sqlite") },
  { name: "postgresql", open: () => openFresh("postgresql") },
];
