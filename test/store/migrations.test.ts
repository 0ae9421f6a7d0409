import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { composeSchema, staleSchemas } from "../../scripts/generate-clients.mjs";
import type { Provider } from "../../src/store/adapters.ts";
import {
  applyMigrations,
  createMigration,
  draftMigration,
  migrationSlug,
  migrationTimestamp,
  prismaDir,
  providers,
  readMigrations,
} from "../../src/store/migrations.ts";
import { freshUrl, testPostgresUrl, type FreshUrl } from "./databases.ts";

async function migrationNames(provider: Provider, dir = prismaDir): Promise<string[]> {
  return (await readMigrations(provider, dir)).migrationDirectories.map(({ path }) => path);
}

describe.each(providers)("migrations on %s", (provider) => {
  let fresh: FreshUrl;
  beforeEach(async () => {
    fresh = await freshUrl(provider);
  });
  afterEach(() => fresh.remove());

  it("applies every migration to a fresh database, then nothing the second time", async () => {
    const names = await migrationNames(provider);

    expect(await applyMigrations(fresh.url)).toEqual(names);
    expect(await applyMigrations(fresh.url)).toEqual([]);
  });

  it("the committed migrations already produce the schema in models.prisma", async () => {
    expect(await draftMigration(provider, { shadowUrl: testPostgresUrl })).toEqual({ kind: "unchanged", provider });
  });
});

describe("the committed prisma folder", () => {
  it("has composed schemas in sync with models.prisma", async () => {
    expect(await staleSchemas()).toEqual([]);
  });

  it("has the same migrations for SQLite and PostgreSQL", async () => {
    const sqlite = await migrationNames("sqlite");

    expect(sqlite.length).toBeGreaterThan(0);
    expect(await migrationNames("postgresql")).toEqual(sqlite);
  });

  it.each(providers)("has a lock file naming %s and a script in every migration", async (provider) => {
    const history = await readMigrations(provider);

    expect(history.lockfile.content).toContain(`provider = "${provider}"`);
    for (const migration of history.migrationDirectories) expect(migration.migrationFile.content.tag).toBe("ok");
  });
});

describe("creating a migration", () => {
  let dir: string;
  const sqlite: FreshUrl[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "baraza-prisma-"));
    await cp(prismaDir, dir, { recursive: true });
  });
  afterEach(async () => {
    await Promise.all(sqlite.splice(0).map((fresh) => fresh.remove()));
    await rm(dir, { recursive: true, force: true });
  });

  /** Adds a column to Lesson in the copied models, as a developer would. */
  async function editModels(): Promise<void> {
    const models = (await readFile(join(dir, "models.prisma"), "utf8")).replace(
      "model Lesson {\n",
      "model Lesson {\n  note      String?\n",
    );
    await writeFile(join(dir, "models.prisma"), models);
    for (const provider of providers) await writeFile(join(dir, provider, "schema.prisma"), composeSchema(provider, models));
  }

  const later = new Date("2100-01-02T03:04:05Z");

  it("writes nothing when the models did not change", async () => {
    expect(await createMigration("nothing", { prismaDir: dir, shadowUrl: testPostgresUrl, now: later })).toEqual({
      kind: "unchanged",
    });
    expect(await migrationNames("sqlite", dir)).toEqual(await migrationNames("sqlite"));
  });

  it("writes the same step for both providers, which then applies", async () => {
    await editModels();

    const created = await createMigration("Add lesson note", { prismaDir: dir, shadowUrl: testPostgresUrl, now: later });

    expect(created).toMatchObject({ kind: "created", name: "21000102030405_add_lesson_note" });
    for (const provider of providers) {
      const script = await readFile(join(dir, provider, "migrations", "21000102030405_add_lesson_note", "migration.sql"), "utf8");
      expect(script).toMatch(/ALTER TABLE "Lesson" ADD COLUMN\s+"note" TEXT/);
    }
    expect(await createMigration("again", { prismaDir: dir, shadowUrl: testPostgresUrl, now: later })).toEqual({
      kind: "unchanged",
    });

    const fresh = await freshUrl("sqlite");
    sqlite.push(fresh);
    expect(await applyMigrations(fresh.url, { prismaDir: dir })).toEqual(await migrationNames("sqlite", dir));
  });

  it("starts a history with Prisma's lock file", async () => {
    for (const provider of providers) await rm(join(dir, provider, "migrations"), { recursive: true });

    const created = await createMigration("init", { prismaDir: dir, shadowUrl: testPostgresUrl, now: later });

    expect(created.kind).toBe("created");
    for (const provider of providers) {
      const folder = join(dir, provider, "migrations");
      expect(await readdir(folder)).toEqual(["21000102030405_init", "migration_lock.toml"]);
      expect(existsSync(join(folder, "21000102030405_init", "migration.sql"))).toBe(true);
    }
  });

  it("names folders the way Prisma does", () => {
    expect(migrationTimestamp(new Date("2025-03-04T05:06:07.890Z"))).toBe("20250304050607");
    expect(migrationSlug(" Add task notes! ")).toBe("add_task_notes");
    expect(() => migrationSlug("!!!")).toThrow(/needs a name/);
  });
});
