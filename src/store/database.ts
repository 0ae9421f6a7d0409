/**
 * Opens Baraza's database, SQLite or PostgreSQL, and hands out one client type
 * for both, so that every repository is written once.
 *
 * @example
 * const database = await openDatabase(process.env.DATABASE_URL ?? defaultDatabaseUrl);
 * const groups = new PrismaGroupRepository(database.client); // takes a Db
 * // ...
 * await database.close();
 */
import type { Prisma, PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import {
  defaultDatabaseUrl,
  describeError,
  postgresApplication,
  postgresFactory,
  postgresSchema,
  postgresSession,
  providerOf,
  redactUrl,
  sqliteAdapters,
  type Provider,
  type TransactionBounds,
  type SessionConnection,
} from "./adapters.ts";
import { applyMigrations } from "./migrations.ts";
import { ReadCache } from "./read-cache.ts";

export { defaultDatabaseUrl, providerOf, redactUrl, type Provider };

/**
 * The query methods whose types are the same in both generated clients.
 *
 * Prisma generates a separate type tree per provider, which TypeScript
 * compares structurally. It proves every method below assignable from the
 * PostgreSQL client to the SQLite one, but not `aggregate` and `groupBy`:
 * their result types are deferred conditional types, which it relates only
 * when both come from one declaration. (Delegates are narrowed with `Pick`,
 * not `Omit`, because `Omit` keeps a symbol-keyed type map holding those same
 * types.) For a maximum, use `findFirst` with `orderBy: { field: "desc" }`;
 * for sums and grouped counts, `$queryRaw`.
 */
type PortableOperation =
  | "findUnique"
  | "findUniqueOrThrow"
  | "findFirst"
  | "findFirstOrThrow"
  | "findMany"
  | "create"
  | "createMany"
  | "createManyAndReturn"
  | "update"
  | "updateMany"
  | "updateManyAndReturn"
  | "upsert"
  | "delete"
  | "deleteMany"
  | "count";

type ModelName = Exclude<keyof SqliteClient, `$${string}` | symbol>;

/** One delegate per model (`db.group`, `db.ballot`, ...), limited to {@link PortableOperation}. */
export type DbModels = { readonly [Model in ModelName]: Pick<SqliteClient[Model], PortableOperation> };

/** SQLite knows one isolation level, so it is the only one both providers accept. */
export interface DbTransactionOptions {
  maxWait?: number;
  timeout?: number;
  isolationLevel?: Prisma.TransactionIsolationLevel;
}

/**
 * Transactions: on the client, and on a transaction's own client, where
 * Prisma runs the inner one as a savepoint.
 */
export interface DbTransactions {
  $transaction<R>(work: (tx: Db) => Promise<R>, options?: DbTransactionOptions): Promise<R>;
  $transaction<P extends Prisma.PrismaPromise<unknown>[]>(
    operations: [...P],
    options?: DbTransactionOptions,
  ): Promise<{ [K in keyof P]: Awaited<P[K]> }>;
}

/**
 * The client every repository is written against: the SQLite client's types,
 * narrowed to what the PostgreSQL client provably shares. Being the narrower
 * provider, SQLite also keeps PostgreSQL-only options (such as case-insensitive
 * `mode`) out of shared code. Both clients, and the client an interactive
 * transaction passes to its callback, are assigned to it without a cast. Row
 * and input types come from `./generated/sqlite/client.ts` (type imports).
 * Connecting and disconnecting belong to {@link Database}, not to repositories.
 */
export type Db = DbModels &
  Pick<SqliteClient, "$queryRaw" | "$executeRaw" | "$queryRawUnsafe" | "$executeRawUnsafe"> &
  DbTransactions;

/**
 * Runs `work` in one transaction, handing it the client whose statements
 * land there: committed if `work` resolves, rolled back if it throws.
 */
export type Transact = <R>(work: (tx: Db) => Promise<R>, bounds: TransactionBounds) => Promise<R>;

/** An open database: its client for repositories, and the way to close it. */
export interface Database {
  readonly provider: Provider;
  readonly client: Db;
  /**
   * Transactions: Prisma's interactive ones on PostgreSQL; on SQLite, begun
   * and ended on the connection, with a second client for their work (see
   * `sqliteAdapters`). Required, as `cache` is.
   */
  readonly transact: Transact;
  /**
   * Read-mostly rows kept between messages (SQLite; null on PostgreSQL, see
   * read-cache.ts). Required, so that a wrapper of a database cannot drop it
   * without saying so.
   */
  readonly cache: ReadCache | null;
  /**
   * PostgreSQL: a connection beside the client's pool, for the lanes'
   * announcements, which outlive a transaction (lanes.ts); null on SQLite.
   * Required, as `cache` is.
   */
  readonly session: SessionConnection | null;
  close(): Promise<void>;
}

/** Options for {@link openDatabase}. */
export interface OpenOptions {
  /** Apply pending migrations first (default true). Off for tools that only read. */
  migrate?: boolean;
}

function missingClient(provider: Provider) {
  return (error: unknown): never => {
    throw new Error(
      `the Prisma client for ${provider} is missing: run \`node scripts/generate-clients.mjs\` (npm install runs it)`,
      { cause: error },
    );
  };
}

async function connected<C extends { $connect(): Promise<void>; $disconnect(): Promise<void> }>(client: C): Promise<C> {
  try {
    await client.$connect();
    return client;
  } catch (error) {
    await client.$disconnect();
    throw error;
  }
}

/**
 * Errors without the caller's source frame: Prisma's other formats capture a
 * stack trace on every query to point at the calling line (4% of a
 * message's CPU time), and errors are logged by code, never shown.
 */
const ERROR_FORMAT = "minimal";

/**
 * Each generated client is imported on demand, so that a process loads (and
 * keeps in memory) only the one for the database it uses.
 */
async function connect(url: string, provider: Provider): Promise<Database> {
  if (provider === "sqlite") {
    const { PrismaClient } = await import("./generated/sqlite/client.ts").catch(missingClient(provider));
    const cache = new ReadCache();
    const adapters = sqliteAdapters(url, { cache });
    const client = await connected(new PrismaClient({ adapter: adapters.factory, errorFormat: ERROR_FORMAT }));
    // The transactions' own client, after the root one: its adapter runs on the connection the root one opened.
    const inside = await connected(new PrismaClient({ adapter: adapters.transactions.inside, errorFormat: ERROR_FORMAT })).catch(async (error: unknown) => {
      await client.$disconnect();
      throw error;
    });
    return {
      provider,
      client,
      cache,
      session: null,
      transact: (work, bounds) => adapters.transactions.run(() => work(inside), bounds),
      close: async () => {
        await inside.$disconnect();
        await client.$disconnect();
      },
    };
  }
  const { PrismaClient } = await import("./generated/postgresql/client.ts").catch(missingClient(provider));
  const application = postgresApplication(postgresSchema(url));
  const client = await connected(new PrismaClient({ adapter: postgresFactory(url, application), errorFormat: ERROR_FORMAT }));
  const session = await postgresSession(url, application);
  try {
    // One connection from the start, kept: other Barazas' lanes see this one before its first message (lanes.ts).
    await session.query("SELECT 1", []);
  } catch (error) {
    await session.close();
    await client.$disconnect();
    throw error;
  }
  // No cast: this line compiles only because the PostgreSQL client fits Db.
  const shared: Db = client;
  return {
    provider,
    client: shared,
    cache: null,
    session,
    transact: (work, bounds) => shared.$transaction(work, bounds),
    close: async () => {
      await session.close();
      await client.$disconnect();
    },
  };
}

/**
 * Opens the database a `DATABASE_URL` names and brings its schema up to date.
 *
 * - `file:` URLs use SQLite through better-sqlite3: the file and its folder are
 *   created on first start; WAL and a 5 s busy timeout are set on the
 *   connection, and every commit is synced before it is reported (see
 *   `sqlitePragmas`, wal-sync.ts).
 * - `postgresql://` URLs use PostgreSQL through pg, in the schema named by
 *   `?schema=` (default `public`), which is created if missing.
 *
 * Migrations are applied on every open; on an up-to-date database that costs
 * two small queries, without loading the migration engine.
 */
export async function openDatabase(url: string = defaultDatabaseUrl, options: OpenOptions = {}): Promise<Database> {
  const provider = providerOf(url);
  try {
    if (options.migrate ?? true) await applyMigrations(url);
    return await connect(url, provider);
  } catch (error) {
    const reason = describeError(error);
    throw new Error(`Could not open the database at ${redactUrl(url)} (DATABASE_URL): ${reason}`, { cause: error });
  }
}
