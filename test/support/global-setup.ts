/**
 * Once per test run: a SQLite database and a PostgreSQL database migrated
 * like production ones, which every test that needs a fresh store gets a
 * copy of (`migratedUrl` in test/store/databases.ts), instead of running
 * every migration again (about a second each on this machine). PostgreSQL
 * copies a database with `CREATE DATABASE ... TEMPLATE`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/store/database.ts";
import { postgresServerUrl, testPostgresUrl } from "../store/databases.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated SQLite file to copy (see `migratedUrl`). */
    sqliteTemplate: string;
    /** The migrated PostgreSQL database to copy; empty when the server could not be reached (each test then migrates its own schema, and says why it failed). */
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), "baraza-template-"));
  const path = join(dir, "template.db");
  const database = await openDatabase(`file:${path}`);
  // Everything in the one file: a copy is then a whole database.
  await database.client.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  await database.close();
  project.provide("sqliteTemplate", path);
  const postgres = await postgresTemplate();
  project.provide("postgresTemplate", postgres?.name ?? "");
  return async () => {
    await postgres?.drop();
    await rm(dir, { recursive: true, force: true });
  };
}

/** A migrated PostgreSQL database on the tests' server, or null if the server cannot be reached. */
async function postgresTemplate(): Promise<{ name: string; drop(): Promise<void> } | null> {
  const name = `baraza_template_${process.pid}`;
  const server = new pg.Client({ connectionString: postgresServerUrl() });
  try {
    await server.connect();
  } catch {
    return null;
  }
  const drop = () => server.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    await drop();
    await server.query(`CREATE DATABASE "${name}"`);
    const url = new URL(testPostgresUrl);
    url.pathname = `/${name}`;
    await (await openDatabase(url.href)).close();
  } catch (error) {
    await server.end();
    throw error;
  }
  return {
    name,
    drop: async () => {
      try {
        await drop();
      } finally {
        await server.end();
      }
    },
  };
}
