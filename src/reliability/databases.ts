/**
 * Throwaway stores for the suite: a SQLite file in a new temporary folder, or
 * a new schema on the local PostgreSQL server. Each is migrated like a
 * production database when first opened, and removed when its part ends.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, type Database, type Provider } from "../store/database.ts";
import type { Scope } from "./scope.ts";

/** A new temporary folder, removed with the scope. */
export async function tempFolder(scope: Scope, label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `baraza-reliability-${label}-`));
  scope.defer(`folder ${dir}`, () => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The URL of a database nobody else uses, removed with the scope (not created yet: opening it migrates it). */
export async function freshUrl(scope: Scope, provider: Provider, postgresUrl: string, label: string): Promise<string> {
  if (provider === "sqlite") return `file:${join(await tempFolder(scope, label), "baraza.db")}`;
  const schema = `reliability_${label.replace(/[^a-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
  const url = new URL(postgresUrl);
  url.searchParams.set("schema", schema);
  scope.defer(`schema ${schema}`, () => dropSchema(postgresUrl, schema));
  return url.href;
}

/** Opens (and migrates) the database, closed with the scope. */
export async function openFor(scope: Scope, url: string): Promise<Database> {
  const database = await openDatabase(url);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await database.close();
  };
  scope.defer("database connection", close);
  return { ...database, close };
}

/** Drops a schema; gives up on locks after a while rather than hang behind a connection that was never closed. */
async function dropSchema(postgresUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query("SET lock_timeout = '20s'");
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A plain connection to the PostgreSQL server, for what Prisma cannot say (page inspection, index checks); closed with the scope. */
export async function rawPostgres(scope: Scope, url: string): Promise<pg.Client> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? "public";
  parsed.searchParams.delete("schema");
  const client = new pg.Client({ connectionString: parsed.href });
  await client.connect();
  scope.defer("raw PostgreSQL connection", () => client.end());
  await client.query(`SET search_path TO "${schema}", public`);
  return client;
}
