import { existsSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, providerOf, redactUrl } from "../../src/store/database.ts";
import { databases, freshSqliteUrl, testPostgresUrl, type TestDatabase } from "./databases.ts";

describe.each(databases)("an open $name database", ({ open }) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await open();
  });
  afterEach(() => database.close());

  it("stores and reads back rows through the shared client type", async () => {
    const { client } = database;

    const created = await client.programme.create({ data: { name: "Lakeside" } });
    const found = await client.programme.findUniqueOrThrow({ where: { id: created.id }, include: { groups: true } });

    expect(found).toMatchObject({ name: "Lakeside", groups: [] });
    expect(found.createdAt).toBeInstanceOf(Date);
  });

  it("rolls back an interactive transaction that throws, nested ones included", async () => {
    const { client } = database;

    await expect(
      client.$transaction(async (tx) => {
        await tx.programme.create({ data: { name: "kept only if committed" } });
        await tx.$transaction(async (inner) => inner.programme.create({ data: { name: "nested" } }));
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");

    expect(await client.programme.count()).toBe(0);
  });

  it("keeps a write made outside a transaction when another transaction rolls back meanwhile", async () => {
    const { client } = database;
    let inside = () => {};
    const started = new Promise<void>((resolve) => (inside = resolve));
    let abandon = () => {};
    const abandoned = new Promise<void>((resolve) => (abandon = resolve));
    const rolledBack = client
      .$transaction(async (tx) => {
        await tx.programme.create({ data: { name: "rolled back" } });
        inside();
        await abandoned;
        throw new Error("abandon");
      })
      .catch(() => "rolled back");

    await started;
    // Prisma runs a query when it is awaited: `then` sends it now.
    const kept = client.programme.create({ data: { name: "kept" } }).then((row) => row.name);
    // Long enough for the write to reach the database if nothing held it back.
    await new Promise((resolve) => setTimeout(resolve, 200));
    abandon();

    expect(await rolledBack).toBe("rolled back");
    expect(await kept).toBe("kept");
    expect((await client.programme.findMany()).map(({ name }) => name)).toEqual(["kept"]);
  });

  it("runs a batch as one transaction", async () => {
    const [programme, count] = await database.client.$transaction([
      database.client.programme.create({ data: { name: "Hillside" } }),
      database.client.programme.count(),
    ]);

    expect(programme.name).toBe("Hillside");
    expect(count).toBe(1);
  });

  it("cascades deletes through foreign keys", async () => {
    const { client } = database;
    const programme = await client.programme.create({ data: { name: "Riverside" } });
    await client.invitation.create({
      data: { programmeId: programme.id, role: "coordinator", codeHash: "h", expiresAt: new Date() },
    });

    await client.programme.delete({ where: { id: programme.id } });

    expect(await client.invitation.count()).toBe(0);
  });
});

describe("SQLite", () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await databases[0]!.open();
  });
  afterEach(() => database.close());

  async function pragma(name: string): Promise<unknown> {
    const rows = await database.client.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`);
    return Object.values(rows[0] ?? {})[0];
  }

  it("writes ahead (WAL), waits 5 s for a busy writer, and leaves syncing commits to Baraza (off the event loop: wal-sync.ts)", async () => {
    expect(database.provider).toBe("sqlite");
    expect(await pragma("journal_mode")).toBe("wal");
    expect(Number(await pragma("busy_timeout"))).toBe(5000);
    expect(Number(await pragma("synchronous"))).toBe(1); // NORMAL
    expect(Number(await pragma("foreign_keys"))).toBe(1);
  });
});

describe("opening", () => {
  it("creates a SQLite file's missing folders", async () => {
    const fresh = await freshSqliteUrl();
    const url = fresh.url.replace("baraza.db", join("nested", "deeper", "baraza.db"));
    try {
      const database = await openDatabase(url);
      await database.close();
      expect(existsSync(url.slice("file:".length))).toBe(true);
    } finally {
      await fresh.remove();
    }
  });

  it("creates PostgreSQL tables in the schema the URL names, not in public", async () => {
    const schema = `t_open_${Date.now()}`;
    const url = `${testPostgresUrl}?schema=${schema}`;
    const database = await openDatabase(url);
    await database.client.programme.create({ data: { name: "Schema check" } });
    await database.close();
    const admin = new pg.Client({ connectionString: testPostgresUrl });
    await admin.connect();
    try {
      const rows = await admin.query(`SELECT name FROM "${schema}"."Programme"`);
      expect(rows.rows).toEqual([{ name: "Schema check" }]);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  });

  it("rejects a URL of another database, naming DATABASE_URL and the accepted forms", () => {
    expect(() => providerOf("mysql://localhost/baraza")).toThrow(/DATABASE_URL must be a SQLite file URL .* or a PostgreSQL URL/);
  });

  it("says which database it could not open, without its password", async () => {
    await expect(openDatabase("postgresql://baraza:secret@127.0.0.1:1/baraza")).rejects.toThrow(
      /Could not open the database at postgresql:\/\/baraza:\*\*\*@127\.0\.0\.1:1\/baraza/,
    );
    expect(redactUrl("postgresql://baraza:secret@db:5432/baraza")).toBe("postgresql://baraza:***@db:5432/baraza");
  });
});
