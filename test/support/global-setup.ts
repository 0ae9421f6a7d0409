/**
 * Once per test run: a SQLite database migrated like a production one, which
 * every test that needs a fresh store gets a copy of (`migratedUrl` in
 * test/store/databases.ts), instead of running every migration again.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/store/database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated SQLite file to copy (see `migratedUrl`). */
    sqliteTemplate: string;
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
  return () => rm(dir, { recursive: true, force: true });
}
