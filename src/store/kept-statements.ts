/**
 * Prepared statements kept between queries on a SQLite connection.
 *
 * @prisma/adapter-better-sqlite3 prepares every query anew (`client.prepare(sql)`
 * then `.bind(args)`), and SQLite parses and plans it each time: about a
 * tenth of the message path's time in SQLite. Prisma's SQL for a given query
 * shape is always the same text, so the connection keeps the prepared
 * statement by its text and hands the adapter a statement that binds its
 * arguments per call instead of once (better-sqlite3's `bind` is once per
 * statement, so a kept statement cannot be bound). It is the adapter's own
 * connection, used the way the adapter uses it (`prepare`, then `bind` and
 * `run`, or `reader`, `columns` and `raw().all()`); a version of the adapter
 * that used it differently would fail every test of the store, not quietly.
 */
import type BetterSqlite3 from "better-sqlite3";

/** Statements kept per connection: every shape of query Baraza sends, with room for IN lists of many lengths. */
const KEPT = 500;

type Statement = BetterSqlite3.Statement<unknown[]>;
type Bound = Pick<Statement, "reader" | "run" | "columns"> & { raw(): { all(): unknown[] } };

/** What the adapter is handed for a kept statement: the statement, with arguments bound call by call. */
function reusable(statement: Statement) {
  return {
    reader: statement.reader,
    run: (...args: unknown[]) => statement.run(...args),
    bind(args: unknown[]): Bound {
      return {
        reader: statement.reader,
        run: () => statement.run(args),
        columns: () => statement.columns(),
        raw: () => ({ all: () => statement.raw(true).all(args) }),
      };
    },
  };
}

/** Makes `connection.prepare` keep what it prepares, by SQL text, the least recently used forgotten first. */
export function keepStatements(connection: BetterSqlite3.Database): void {
  const prepare = connection.prepare.bind(connection);
  const kept = new Map<string, ReturnType<typeof reusable>>();
  const keeping = (sql: string) => {
    let statement = kept.get(sql);
    if (statement) kept.delete(sql);
    else statement = reusable(prepare(sql));
    kept.set(sql, statement);
    if (kept.size > KEPT) kept.delete(kept.keys().next().value ?? "");
    return statement;
  };
  connection.prepare = keeping as unknown as typeof connection.prepare;
}
