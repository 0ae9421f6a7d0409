/**
 * Driver adapters for the two databases Baraza runs on, built from a
 * `DATABASE_URL`. The app's Prisma client and the migration engine get their
 * connections from the same factories, so both see the same pragmas and the
 * same PostgreSQL schema.
 */
import { createHash, randomUUID } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlDriverAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import BetterSqlite3 from "better-sqlite3";
import type pg from "pg";
import { keepStatements } from "./kept-statements.ts";
import { classify, type ReadCache } from "./read-cache.ts";
import { walSync, type Durable } from "./wal-sync.ts";

export type Provider = "sqlite" | "postgresql";

/** Where Baraza keeps its data when `DATABASE_URL` is not set. */
export const defaultDatabaseUrl = "file:./data/baraza.db";

/** Which database a URL names; throws a message that names the accepted forms. */
export function providerOf(url: string): Provider {
  if (url.startsWith("file:")) return "sqlite";
  if (url.startsWith("postgresql://") || url.startsWith("postgres://")) return "postgresql";
  throw new Error(
    `DATABASE_URL must be a SQLite file URL (e.g. ${defaultDatabaseUrl}) or a PostgreSQL URL ` +
      `(postgresql://user:password@host:5432/database?schema=public); it starts with "${url.split(":")[0]}:".`,
  );
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  if (providerOf(url) === "sqlite") return url;
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.href;
}

/**
 * A readable reason for a failure. Driver adapter errors carry only their
 * kind ("DatabaseNotReachable") as message; the details are in their cause.
 */
export function describeError(error: unknown): string {
  if (error instanceof DriverAdapterError) {
    const { kind, originalMessage, originalCode: _code, ...details } = error.cause;
    return originalMessage ?? `${kind} ${JSON.stringify(details)}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Changes to an adapter's behaviour; see {@link wrapAdapter}. */
interface AdapterChanges extends Partial<Pick<SqlDriverAdapter, "queryRaw" | "executeRaw" | "executeScript" | "startTransaction">> {
  /** Runs once the adapter is disposed, e.g. to drop a throwaway database. */
  afterDispose?: () => Promise<void>;
}

/**
 * The same adapter with some methods replaced. `dispose` becomes idempotent,
 * because the schema engine may dispose what we also dispose, and pg's pool
 * throws when it is ended twice.
 */
export function wrapAdapter(adapter: SqlDriverAdapter, changes: AdapterChanges = {}): SqlDriverAdapter {
  let disposed: Promise<void> | undefined;
  const getConnectionInfo = adapter.getConnectionInfo?.bind(adapter);
  return {
    ...(getConnectionInfo ? { getConnectionInfo } : {}),
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: changes.queryRaw ?? ((query) => adapter.queryRaw(query)),
    executeRaw: changes.executeRaw ?? ((query) => adapter.executeRaw(query)),
    executeScript: changes.executeScript ?? ((script) => adapter.executeScript(script)),
    startTransaction: changes.startTransaction ?? ((isolationLevel) => adapter.startTransaction(isolationLevel)),
    dispose: () => {
      disposed ??= adapter.dispose().finally(changes.afterDispose ?? (() => undefined));
      return disposed;
    },
  };
}

// ---------------------------------------------------------------- SQLite

/**
 * Pragmas set on every SQLite connection. WAL lets readers work while a write
 * commits; the busy timeout makes a second writer wait instead of failing;
 * `synchronous = NORMAL` writes a commit to the WAL without syncing it, and
 * the WAL is synced off the event loop before the commit is reported (see
 * wal-sync.ts), so that a ballot or a processed update that was acknowledged
 * survives a power cut. Foreign keys are on so that cascades (forgetting a person)
 * happen in the database. `secure_delete` overwrites deleted rows and freed
 * pages with zeros, so what was erased (a forgotten person, a conversation
 * that led to an anonymous concern) cannot be read back from the file.
 */
export const sqlitePragmas = {
  journal_mode: "wal",
  busy_timeout: 5000,
  synchronous: 1, // NORMAL, with every commit synced by wal-sync.ts before it is reported
  foreign_keys: 1,
  secure_delete: 1,
} as const;

/** The absolute path of a `file:` URL; query parameters are ignored, `:memory:` kept. */
export function sqlitePath(url: string): string {
  const path = url.slice("file:".length).split("?")[0] ?? "";
  if (path === "") throw new Error(`DATABASE_URL "${url}" names no file; use e.g. ${defaultDatabaseUrl}.`);
  return path === ":memory:" ? path : resolve(path);
}

/** A queue of one: each caller gets the turn after every earlier caller released it. */
type Turns = () => Promise<() => void>;

function turns(): Turns {
  let last: Promise<void> = Promise.resolve();
  return () => {
    const previous = last;
    let release = () => {};
    last = new Promise<void>((resolve) => {
      release = resolve;
    });
    return previous.then(() => release);
  };
}

/** Runs `work` once `turn` (see {@link turns}) gives it its turn, and hands the turn on after. */
async function inTurn<T>(turn: Turns, work: () => Promise<T>): Promise<T> {
  const release = await turn();
  try {
    return await work();
  } finally {
    release();
  }
}

/** Which of a transaction's calls is being run: a statement (with its SQL), a savepoint's, or its end. */
type Call = { kind: "statement"; sql: string } | { kind: "savepoint"; undoes: boolean } | { kind: "end"; undoes: boolean };

/** Runs one call of a transaction's, told which (see {@link Call}). */
type Around = <T>(call: () => Promise<T>, which: Call) => Promise<T>;

/** The same transaction, each of its calls (statements, savepoints, its end) run through `around`. */
function aroundTransaction(tx: Transaction, around: Around): Transaction {
  const through =
    <A extends unknown[], T>(method: (...args: A) => Promise<T>, which: (...args: A) => Call) =>
    (...args: A): Promise<T> =>
      around(() => method.apply(tx, args), which(...args));
  const statement = (query: SqlQuery): Call => ({ kind: "statement", sql: query.sql });
  return {
    ...(tx.createSavepoint ? { createSavepoint: through(tx.createSavepoint, () => ({ kind: "savepoint", undoes: false })) } : {}),
    ...(tx.rollbackToSavepoint ? { rollbackToSavepoint: through(tx.rollbackToSavepoint, () => ({ kind: "savepoint", undoes: true })) } : {}),
    ...(tx.releaseSavepoint ? { releaseSavepoint: through(tx.releaseSavepoint, () => ({ kind: "savepoint", undoes: false })) } : {}),
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: through(tx.queryRaw, statement),
    executeRaw: through(tx.executeRaw, statement),
    commit: through(tx.commit, () => ({ kind: "end", undoes: false })),
    rollback: through(tx.rollback, () => ({ kind: "end", undoes: true })),
  };
}

/** The same transaction, calling `release` once it is committed or rolled back. */
function releasingAtEnd(tx: Transaction, release: () => void): Transaction {
  return aroundTransaction(tx, async (call, which) => {
    if (which.kind !== "end") return call();
    try {
      return await call();
    } finally {
      release();
    }
  });
}

/**
 * Keeps statements out of other callers' open transactions. The SQLite adapter
 * has one connection, so a statement sent while an interactive transaction is
 * open runs inside it and is rolled back with it: an update marked processed
 * outside any transaction would vanish when another message's transaction
 * failed. The adapter queues transactions behind each other but not plain
 * statements; here every statement and transaction waits its turn. (So code
 * inside a transaction must use the transaction's client, never the root one:
 * a root statement would wait for the transaction it is part of.)
 */
function oneAtATime(adapter: SqlDriverAdapter, turn: Turns): SqlDriverAdapter {
  const alone = <T>(work: () => Promise<T>): Promise<T> => inTurn(turn, work);
  return wrapAdapter(adapter, {
    queryRaw: (query) => alone(() => adapter.queryRaw(query)),
    executeRaw: (query) => alone(() => adapter.executeRaw(query)),
    executeScript: (script) => alone(() => adapter.executeScript(script)),
    startTransaction: async (isolationLevel) => {
      const release = await turn();
      try {
        return releasingAtEnd(await adapter.startTransaction(isolationLevel), release);
      } catch (error) {
        release();
        throw error;
      }
    },
  });
}

/**
 * Whether another connection committed since the last look (SQLite's
 * `data_version` moved): then `cache` forgets everything. Read just before
 * BEGIN, not inside the transaction: there it would open a read snapshot, and
 * the transaction's first write would then fail (SQLITE_BUSY_SNAPSHOT)
 * whenever another process had committed in between. Left open: a commit
 * landing between this read and the transaction's first is seen by the next
 * transaction.
 */
function othersWatcher(adapter: SqlDriverAdapter, cache: ReadCache): () => Promise<void> {
  let seenVersion: unknown;
  return async () => {
    const version = (await adapter.queryRaw({ sql: "PRAGMA data_version", args: [], argTypes: [] })).rows[0]?.[0];
    if (version !== seenVersion) cache.clear();
    seenVersion = version;
  };
}

/** Runs `run`, then tells `cache` what the statement `sql` may have changed. */
async function telling<T>(cache: ReadCache | undefined, sql: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    cache?.changed(classify(sql));
  }
}

/** Runs `run`, then makes `cache` forget everything (a rollback, a script: their effects are not known). */
async function forgetting<T>(cache: ReadCache | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } finally {
    cache?.clear();
  }
}

/**
 * The same adapter, telling `cache` of every change (see read-cache.ts): each
 * statement's effect once it has run, a rollback, and, when a transaction
 * begins, a commit by another connection (`checkOthers`, see
 * {@link othersWatcher}).
 */
function watched(adapter: SqlDriverAdapter, cache: ReadCache, checkOthers: () => Promise<void>): SqlDriverAdapter {
  return wrapAdapter(adapter, {
    queryRaw: (query) => telling(cache, query.sql, () => adapter.queryRaw(query)),
    executeRaw: (query) => telling(cache, query.sql, () => adapter.executeRaw(query)),
    executeScript: (script) => forgetting(cache, () => adapter.executeScript(script)),
    startTransaction: async (isolationLevel) => {
      await checkOthers();
      const tx = await adapter.startTransaction(isolationLevel);
      return aroundTransaction(tx, (call, which) => {
        if (which.kind === "statement") return telling(cache, which.sql, call);
        return which.undoes ? forgetting(cache, call) : call();
      });
    },
  });
}

/**
 * The same adapter, reporting a commit, and a write outside a transaction,
 * only once `durable` says it is on disk (see wal-sync.ts). A transaction's
 * commit waits for it after the connection is handed on, so the next
 * message's transaction runs during the sync.
 */
function durablyCommitting(adapter: SqlDriverAdapter, durable: Durable): SqlDriverAdapter {
  const synced = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    const result = await run();
    if (classify(sql).kind !== "none") await durable();
    return result;
  };
  return wrapAdapter(adapter, {
    queryRaw: (query) => synced(query.sql, () => adapter.queryRaw(query)),
    executeRaw: (query) => synced(query.sql, () => adapter.executeRaw(query)),
    executeScript: async (script) => {
      await adapter.executeScript(script);
      await durable();
    },
    startTransaction: async (isolationLevel) =>
      aroundTransaction(await adapter.startTransaction(isolationLevel), async (call, which) => {
        const result = await call();
        if (which.kind === "end" && !which.undoes) await durable();
        return result;
      }),
  });
}

/** How long a transaction may wait for the connection, and run once it has it, in milliseconds. */
export interface TransactionBounds {
  maxWait: number;
  timeout: number;
}

/**
 * Transactions SQLite runs without Prisma's interactive-transaction machinery
 * (see {@link sqliteAdapters}): `run` begins one on the connection and ends it,
 * and the statements of a second Prisma client, whose adapter is `inside`,
 * land in it.
 */
export interface SqliteTransactions {
  /** The adapter for the client that `run`'s work uses: each statement runs at once, in the open transaction. */
  readonly inside: SqlDriverAdapterFactory;
  /**
   * Runs `work` in one transaction: committed if it resolves, rolled back if
   * it throws. It waits its turn on the connection, as every other statement
   * and transaction does, at most `maxWait`; a transaction that runs longer
   * than `timeout` is rolled back, the connection handed on, and its later
   * statements fail. Resolves once the commit is on disk.
   */
  run<R>(work: () => Promise<R>, bounds: TransactionBounds): Promise<R>;
}

/** A statement or savepoint run on the `inside` adapter when no transaction of `run`'s is open. */
export class NotInTransactionError extends Error {
  override name = "NotInTransactionError";
}

/** Waits for a turn at most `maxWait`; a turn that comes later is handed on at once. */
async function turnWithin(turn: Turns, maxWait: number): Promise<() => void> {
  const coming = turn();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`SQLite: waited more than ${maxWait} ms for the connection`)), maxWait);
    timer.unref();
  });
  try {
    return await Promise.race([coming, late]);
  } catch (error) {
    void coming.then((release) => release());
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/**
 * The transactions of {@link SqliteTransactions} over `adapter` (the
 * connection's own, below every wrapper), sharing `turn` with the root
 * client's adapter, so that no statement of anyone else's runs inside one.
 * Why not Prisma's `$transaction`: on SQLite, each statement of an
 * interactive transaction cost about 200 µs of Prisma's against about 80 µs
 * for the same statement from a client outside one, and the transaction
 * itself about 250 µs more (tmp measurements, see the commit): half of a
 * message's time in the store.
 */
function sqliteTransactions(adapter: SqlDriverAdapter, turn: Turns, cache: ReadCache | undefined, checkOthers: () => Promise<void>, durable: Durable): SqliteTransactions {
  /** The transaction open now, if any: its statements may run. */
  let open: { expired: boolean; savepoints: number } | undefined;
  const current = (what: string) => {
    if (!open) throw new NotInTransactionError(`SQLite: ${what} outside a transaction (the transaction client is for a transaction's work only)`);
    if (open.expired) throw new NotInTransactionError(`SQLite: ${what} after its transaction ran out of time and was rolled back`);
    return open;
  };
  const inside: SqlDriverAdapter = {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => (current("a statement"), telling(cache, query.sql, () => adapter.queryRaw(query))),
    executeRaw: (query) => (current("a statement"), telling(cache, query.sql, () => adapter.executeRaw(query))),
    executeScript: () => Promise.reject(new Error("SQLite: no scripts inside a transaction")),
    // A transaction the client opens inside the work (Prisma's own, or a nested `$transaction`) is a savepoint.
    startTransaction: async () => {
      const transaction = current("a savepoint");
      const name = `baraza_${++transaction.savepoints}`;
      await adapter.executeRaw(statement(`SAVEPOINT ${name}`));
      const end = async (undo: boolean) => {
        if (open !== transaction || transaction.expired) return;
        if (undo) await forgetting(cache, () => adapter.executeRaw(statement(`ROLLBACK TO ${name}`)));
        await adapter.executeRaw(statement(`RELEASE ${name}`));
      };
      return {
        provider: adapter.provider,
        adapterName: adapter.adapterName,
        options: { usePhantomQuery: true },
        queryRaw: inside.queryRaw,
        executeRaw: inside.executeRaw,
        commit: () => end(false),
        rollback: () => end(true),
      };
    },
    dispose: () => Promise.resolve(),
  };
  return {
    inside: { provider: adapter.provider, adapterName: adapter.adapterName, connect: () => Promise.resolve(inside) },
    async run(work, { maxWait, timeout }) {
      const release = once(await turnWithin(turn, maxWait));
      const transaction = { expired: false, savepoints: 0 };
      const rollback = () => forgetting(cache, () => adapter.executeRaw(statement("ROLLBACK")));
      let timer: NodeJS.Timeout | undefined;
      let result: Awaited<ReturnType<typeof work>>;
      try {
        await checkOthers();
        await adapter.executeRaw(statement("BEGIN"));
        open = transaction;
        timer = setTimeout(() => {
          transaction.expired = true;
          open = undefined;
          void rollback().finally(release);
        }, timeout);
        timer.unref();
        try {
          result = await work();
        } catch (error) {
          if (!transaction.expired) await rollback();
          throw error;
        }
        if (transaction.expired) throw new NotInTransactionError(`SQLite: a transaction ran longer than ${timeout} ms and was rolled back`);
        try {
          await adapter.executeRaw(statement("COMMIT"));
        } catch (error) {
          await rollback().catch(() => undefined);
          throw error;
        }
      } finally {
        clearTimeout(timer);
        if (open === transaction) open = undefined;
        if (!transaction.expired) release();
      }
      // After the connection is handed on, so that the next transaction runs during the sync.
      await durable();
      return result;
    },
  };
}

/** `release`, callable more than once. */
function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}

/** Read and write for the owner alone. */
const PRIVATE_FILE = 0o600;
/** Read, write and enter for the owner alone. */
const PRIVATE_FOLDER = 0o700;

/**
 * Creates the database file, and its folder if missing, so that only the
 * account running Baraza can read them: what it stores can name people who
 * report violence. A new folder is 0700; an existing one is left as it is,
 * since it may be shared (the working directory, /var/lib). The file is
 * created 0600 before SQLite opens it, and SQLite gives the -wal and -shm
 * files it creates the database file's permissions; a database, WAL or
 * shared memory file that others could read (from an older version, or
 * copied in) is tightened to 0600.
 */
/** Creates the folder a SQLite file goes in, 0700, unless it exists (then it is left as it is: it may be shared). */
export function privateFolderFor(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_FOLDER });
}

function privateSqliteFile(path: string): void {
  privateFolderFor(path);
  closeSync(openSync(path, "a", PRIVATE_FILE));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (!existsSync(file) || (statSync(file).mode & 0o077) === 0) continue;
    try {
      chmodSync(file, PRIVATE_FILE);
    } catch (error) {
      throw new Error(`DATABASE_URL: ${file} is open to other accounts and could not be made private (${describeError(error)}); run Baraza as the file's owner, or run \`chmod 600 ${file}\`.`, { cause: error });
    }
  }
}

/** The better-sqlite3 connection under @prisma/adapter-better-sqlite3's adapter (its `client`). */
function connectionOf(adapter: SqlDriverAdapter): BetterSqlite3.Database {
  const client: unknown = "client" in adapter ? adapter.client : undefined;
  if (!(client instanceof BetterSqlite3)) throw new Error("@prisma/adapter-better-sqlite3 no longer keeps its connection as `client`: see kept-statements.ts");
  return client;
}

/** How a SQLite factory's connections behave beyond their pragmas. */
export interface SqliteOptions {
  /** Told of every change (see {@link watched}). */
  cache?: ReadCache;
  /** How a commit is made durable before it is reported: by default the file's WAL synced (wal-sync.ts). */
  durable?: Durable;
}

/** A SQLite database's adapters: the root client's, and its transactions (with the adapter of the client they use). */
export interface SqliteAdapters {
  readonly factory: SqlMigrationAwareDriverAdapterFactory;
  readonly transactions: SqliteTransactions;
}

/**
 * A SQLite adapter factory whose connections all carry {@link sqlitePragmas},
 * keep statements out of each other's transactions, report a commit only
 * once it is on disk (see {@link durablyCommitting}), and tell the cache, if
 * given, of every change; and the transactions of {@link sqliteTransactions}
 * on the same connection, once the factory has connected. Creates the
 * database file and its folder (see {@link privateSqliteFile}): the default
 * database appears on first start with nothing to install.
 */
export function sqliteAdapters(url: string, { cache, durable }: SqliteOptions = {}): SqliteAdapters {
  const path = sqlitePath(url);
  if (path !== ":memory:") privateSqliteFile(path);
  const inner = new PrismaBetterSqlite3({ url: path });
  const pragmas = Object.entries(sqlitePragmas)
    .map(([name, value]) => `PRAGMA ${name} = ${value};`)
    .join("\n");
  const configured = async (connecting: Promise<SqlDriverAdapter>) => {
    const adapter = await connecting;
    await adapter.executeScript(pragmas);
    keepStatements(connectionOf(adapter));
    return adapter;
  };
  let transactions: SqliteTransactions | undefined;
  const connected = (): SqliteTransactions => {
    if (!transactions) throw new Error("SQLite: the root client connects first, then the transactions' client");
    return transactions;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: "sqlite",
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await configured(inner.connect());
      const turn = turns();
      const checkOthers = cache ? othersWatcher(adapter, cache) : () => Promise.resolve();
      // (An in-memory database has no disk to wait for.)
      const log = path === ":memory:" ? { durable: () => Promise.resolve(), close: async () => {} } : durable ? { durable, close: async () => {} } : walSync(path);
      transactions = sqliteTransactions(adapter, turn, cache, checkOthers, log.durable);
      const serial = oneAtATime(cache ? watched(adapter, cache, checkOthers) : adapter, turn);
      if (path === ":memory:") return serial;
      return wrapAdapter(durablyCommitting(serial, log.durable), { afterDispose: log.close });
    },
    // The engine replays each migration into the shadow database with one
    // parameterless `executeRaw`, and better-sqlite3 prepares one statement at
    // a time ("The supplied SQL string contains more than one statement").
    connectToShadowDb: async () => {
      const adapter = await configured(inner.connectToShadowDb());
      return wrapAdapter(adapter, {
        executeRaw: async (query) => {
          if (query.args.length > 0) return adapter.executeRaw(query);
          await adapter.executeScript(query.sql);
          return 0;
        },
      });
    },
  };
  return {
    factory,
    transactions: {
      inside: { provider: "sqlite", adapterName: inner.adapterName, connect: () => connected().inside.connect() },
      run: (work, bounds) => connected().run(work, bounds),
    },
  };
}

/** The root client's adapter factory of {@link sqliteAdapters}. */
export function sqliteFactory(url: string, options: SqliteOptions = {}): SqlMigrationAwareDriverAdapterFactory {
  return sqliteAdapters(url, options).factory;
}

// ------------------------------------------------------------ PostgreSQL

/** The PostgreSQL schema a URL's `?schema=` names; `public` by default. */
export function postgresSchema(url: string): string {
  const schema = new URL(url).searchParams.get("schema") ?? "public";
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`DATABASE_URL's ?schema= must be a plain identifier (letters, digits, _); got "${schema}".`);
  }
  return schema;
}

/**
 * How Baraza's connections are named on a PostgreSQL server
 * (`application_name`): this word, then a digest of the schema (Barazas in
 * other schemas share nothing), then a name of each open database's own
 * (one per process, but for the migration engine's while it migrates).
 */
export const BARAZA_APPLICATION = "baraza";

/** PostgreSQL's type ids for the one-byte `"char"` type and for `text`. */
const charOid = 18;
const textOid = 25;

/**
 * Reports `"char"` result columns as `text`. The schema engine reads catalog
 * columns of that type (`pg_constraint.contype`, `confdeltype`) when it
 * describes a schema, and @prisma/adapter-pg rejects the type ("Column type
 * 'char' could not be deserialized"), which breaks `diff`. The value arrives as
 * a one-letter string either way; only the reported type changes, after pg has
 * chosen its parser and before the adapter reads it.
 */
function reportCharAsText(message: unknown): void {
  if (typeof message !== "object" || message === null || !("fields" in message) || !Array.isArray(message.fields)) return;
  for (const field of message.fields) {
    if (typeof field === "object" && field !== null && "dataTypeID" in field && field.dataTypeID === charOid) {
      field.dataTypeID = textOid;
    }
  }
}

/**
 * The name every connection of one open database carries (see
 * {@link BARAZA_APPLICATION}): its pools' and its session's.
 */
export function postgresApplication(schema: string): string {
  return `${BARAZA_APPLICATION} ${createHash("sha256").update(schema).digest("hex").slice(0, 8)} ${randomUUID().slice(0, 8)}`;
}

/**
 * A pool whose connections work in `schema`. Prisma's generated SQL names the
 * schema itself, but migration scripts and raw queries do not, so every
 * connection also gets it as its `search_path`. Its connections are named
 * `application`, and idle ones are kept, not closed after ten seconds: the
 * lanes of every other Baraza see, from its first connection to its last,
 * that it may be handling messages (lanes.ts).
 */
function postgresPool(driver: typeof pg, url: string, schema: string, application: string, max?: number): pg.Pool {
  const pool = new driver.Pool({ connectionString: url, options: `-c search_path="${schema}"`, application_name: application, idleTimeoutMillis: 0, ...(max ? { max } : {}) });
  pool.on("connect", (client) => client.connection.on("rowDescription", reportCharAsText));
  return pool;
}

/**
 * A PostgreSQL connection of a database's own, beside the pool Prisma uses,
 * for what must outlive a transaction: the lanes announce an update with
 * session-level advisory locks before its transaction and withdraw them
 * after it (lanes.ts). A pool of one, so that queries wait their turn and a
 * dropped connection is replaced (its locks went with it: the server
 * releases a closed session's).
 */
export interface SessionConnection {
  query<R>(sql: string, args: readonly unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function postgresSession(url: string, application: string): Promise<SessionConnection> {
  const { default: driver } = await import("pg");
  const pool = postgresPool(driver, url, postgresSchema(url), application, 1);
  // A connection that fails while idle is dropped by the pool, and the next query opens another; without a listener it would end the process.
  pool.on("error", () => {});
  return {
    query: async <R>(sql: string, args: readonly unknown[]) => (await pool.query(sql, [...args])).rows as R[],
    close: () => pool.end(),
  };
}

/**
 * An adapter on a pool of its own, in `schema`. Scripts (migrations) run as one
 * parameterless query, which PostgreSQL's simple protocol executes whole, as
 * one implicit transaction, like Prisma's native engine does; the adapter's own
 * `executeScript` splits at every `;`, breaking a `$$` body or a string holding
 * one.
 */
async function postgresAdapter(url: string, schema: string, application = postgresApplication(schema)): Promise<SqlDriverAdapter> {
  // Loaded when PostgreSQL is used: a process on SQLite does not keep its driver in memory (~8 MB).
  const [{ PrismaPg }, { default: driver }] = await Promise.all([import("@prisma/adapter-pg"), import("pg")]);
  const adapter = await new PrismaPg(postgresPool(driver, url, schema, application), { schema, disposeExternalPool: true }).connect();
  return wrapAdapter(adapter, {
    executeScript: async (script) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    },
    startTransaction: async (isolationLevel) => queryAfterQuery(await adapter.startTransaction(isolationLevel)),
  });
}

/**
 * A transaction whose statements run one after another. A transaction has
 * one pg client; Prisma's query interpreter sends the queries of one request
 * (a row and its relations) at once, and pg queues them itself but warns,
 * and pg 9 will refuse. Queued here instead, in the order sent.
 */
function queryAfterQuery(tx: Transaction): Transaction {
  const turn = turns();
  return aroundTransaction(tx, (call) => inTurn(turn, call));
}

async function schemaExists(adapter: SqlDriverAdapter, schema: string): Promise<boolean> {
  const found = await adapter.queryRaw({
    sql: "SELECT 1 FROM pg_namespace WHERE nspname = $1",
    args: [schema],
    argTypes: [{ scalarType: "string", arity: "scalar" }],
  });
  return found.rows.length > 0;
}

/**
 * Creates the URL's schema unless it exists. The engine migrates into it but
 * does not create it. Checking first spares the users of an existing schema
 * the CREATE right on the database, which `CREATE SCHEMA IF NOT EXISTS`
 * demands even when the schema exists.
 */
export async function ensurePostgresSchema(url: string): Promise<void> {
  const schema = postgresSchema(url);
  const adapter = await postgresAdapter(url, schema);
  try {
    if (!(await schemaExists(adapter, schema))) await adapter.executeScript(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await adapter.dispose();
  }
}

/**
 * A PostgreSQL adapter factory confined to the schema the URL names.
 *
 * The shadow database that `diff` replays the migration history into is a
 * throwaway database on the same server, dropped once its pool is closed.
 * It must be a database, not a schema: the engine compares schemas by name,
 * so a shadow schema would make every table look moved. (The adapter's own
 * shadow database reuses the main database when given a URL, and is dropped
 * while its pool still holds connections.) Creating it needs the CREATEDB
 * right, as `prisma migrate dev` does; only `db migration` asks for it.
 */
export function postgresFactory(url: string, application?: string): SqlMigrationAwareDriverAdapterFactory {
  const schema = postgresSchema(url);
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => postgresAdapter(url, schema, application),
    connectToShadowDb: async () => {
      const shadow = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
      const admin = await postgresAdapter(url, schema);
      try {
        await admin.executeScript(`CREATE DATABASE "${shadow}"`);
      } catch (error) {
        await admin.dispose();
        throw error;
      }
      const shadowUrl = new URL(url);
      shadowUrl.pathname = `/${shadow}`;
      shadowUrl.searchParams.delete("schema");
      return wrapAdapter(await postgresAdapter(shadowUrl.href, "public"), {
        afterDispose: async () => {
          try {
            await admin.executeScript(`DROP DATABASE IF EXISTS "${shadow}"`);
          } finally {
            await admin.dispose();
          }
        },
      });
    },
  };
}

/** The adapter factory a URL asks for. */
export function adapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  return providerOf(url) === "sqlite" ? sqliteFactory(url) : postgresFactory(url);
}
