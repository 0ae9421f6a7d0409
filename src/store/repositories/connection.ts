/**
 * How a repository reaches the database: a Prisma client, and whether that
 * client already belongs to an interactive transaction.
 *
 * Repositories need to know the difference for two reasons. An operation that
 * must be atomic opens its own transaction only when it is not already inside
 * one. And in PostgreSQL a failed statement aborts the whole enclosing
 * transaction, so an insert that may meet a unique constraint runs inside a
 * savepoint (a nested `$transaction`) when there is an enclosing transaction.
 */
import { PrismaClientKnownRequestError } from "@prisma/client/runtime/client";
import type { Db, Transact } from "../database.ts";
import type { CachedTable, ReadCache } from "../read-cache.ts";

/** The root client or an interactive-transaction client: both are a `Db`. */
export type Client = Db;

/** Limits of one interactive transaction, in milliseconds. */
export interface TransactionLimits {
  /** How long to wait for a connection (PostgreSQL) or for SQLite's single writer. */
  maxWait: number;
  /** How long the transaction may run before Prisma rolls it back. */
  timeout: number;
}

/**
 * Generous enough for SQLite, where one connection runs transactions one
 * after another and a burst of messages queues behind the writer; short enough
 * that a stuck transaction frees its locks within seconds.
 */
export const DEFAULT_TRANSACTION_LIMITS: TransactionLimits = { maxWait: 10_000, timeout: 15_000 };

export class Connection {
  constructor(
    readonly client: Client,
    readonly inTransaction: boolean,
    /** How the database runs a transaction (see `Database.transact`). */
    readonly transact: Transact,
    readonly limits: TransactionLimits = DEFAULT_TRANSACTION_LIMITS,
    private readonly cache: ReadCache | null = null,
  ) {}

  /** The same database inside a transaction, on the client its work uses. */
  within(tx: Client): Connection {
    return new Connection(tx, true, this.transact, this.limits, this.cache);
  }

  /**
   * A read of rows that seldom change, kept between messages where the
   * database allows it (see read-cache.ts): only inside a transaction, whose
   * start made sure no other process changed the database meanwhile.
   */
  kept<T>(key: string, tables: readonly CachedTable[], load: () => Promise<T>): Promise<T> {
    return this.cache && this.inTransaction ? this.cache.read(key, tables, load) : load();
  }

  /** Runs `work` so that all of its statements land or none do: in the enclosing transaction, or in a new one. */
  atomically<T>(work: (client: Client) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this.client);
    return this.transact(work, this.limits);
  }

  /**
   * Runs an insert guarded by a unique constraint: true if it landed, false if
   * the row existed already. Inside a transaction the insert runs in a
   * savepoint, so a conflict leaves the enclosing transaction usable.
   */
  async insertUnlessDuplicate(insert: (client: Client) => Promise<unknown>): Promise<boolean> {
    try {
      if (this.inTransaction) await this.client.$transaction((savepoint) => insert(savepoint));
      else await insert(this.client);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}

/** Prisma's code for a unique-constraint violation, the same for every database. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof PrismaClientKnownRequestError && error.code === "P2002";
}
