/**
 * Prepared statements kept by their SQL on a SQLite connection
 * (src/store/kept-statements.ts): the same statement serves every call,
 * each with its own arguments, as the Prisma adapter calls it.
 */
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { keepStatements } from "../../src/store/kept-statements.ts";

let connection: BetterSqlite3.Database;
beforeEach(() => {
  connection = new BetterSqlite3(":memory:");
  connection.exec('CREATE TABLE "Note" ("id" INTEGER PRIMARY KEY, "text" TEXT NOT NULL)');
  keepStatements(connection);
});
afterEach(() => connection.close());

/** A call as @prisma/adapter-better-sqlite3 makes it: prepare, bind, then run or read. */
function query(sql: string, args: unknown[]) {
  const statement = connection.prepare(sql).bind(args);
  if (!statement.reader) return statement.run();
  return { columns: statement.columns().map((column) => column.name), rows: statement.raw().all() };
}

it("binds each call's own arguments to the one statement kept for its SQL", () => {
  const insert = 'INSERT INTO "Note" ("text") VALUES (?)';
  expect(query(insert, ["first"])).toMatchObject({ changes: 1 });
  expect(query(insert, ["second"])).toMatchObject({ changes: 1 });
  const select = 'SELECT "id", "text" FROM "Note" WHERE "text" = ?';
  expect(query(select, ["second"])).toEqual({ columns: ["id", "text"], rows: [[2, "second"]] });
  expect(query(select, ["first"])).toEqual({ columns: ["id", "text"], rows: [[1, "first"]] });
  expect(connection.prepare(select)).toBe(connection.prepare(select));
});

it("still runs transaction control called without arguments", () => {
  connection.prepare("BEGIN").run();
  query('INSERT INTO "Note" ("text") VALUES (?)', ["undone"]);
  connection.prepare("ROLLBACK").run();
  expect(query('SELECT count(*) AS n FROM "Note"', [])).toEqual({ columns: ["n"], rows: [[0]] });
});

it("keeps a bounded number of statements, preparing a forgotten one again when it is needed", () => {
  const first = connection.prepare("SELECT 0");
  for (let i = 1; i <= 600; i++) connection.prepare(`SELECT ${i}`);
  expect(connection.prepare("SELECT 0")).not.toBe(first);
  expect(query("SELECT 0 AS zero", [])).toEqual({ columns: ["zero"], rows: [[0]] });
});
