/**
 * The store contract's harness: every suite written with `describeStore`
 * runs once per database in ../databases.ts, against a fresh, migrated
 * database that lives for the whole describe block.
 *
 * Tests share that database, so each makes its own group and people (unique
 * chat and user ids) and never counts rows it did not make.
 */
import { afterAll, beforeAll, describe } from "vitest";
import type { Group, Person, Vote } from "../../../src/domain/types.ts";
import type { NewVote, Store } from "../../../src/flows/ports.ts";
import { openDatabase, type Database, type Db } from "../../../src/store/database.ts";
import { createStore } from "../../../src/store/store.ts";
import { databases, type TestDatabase } from "../databases.ts";

export interface StoreContext {
  /** The database under test. */
  readonly database: TestDatabase;
  /** Its client, to look at the rows themselves. */
  readonly client: Db;
  readonly store: Store;
  /**
   * A store for a second worker acting at the same moment. On PostgreSQL it
   * has its own connection pool, as a second bot process would. On SQLite,
   * where one process owns the file, it shares the connection as a second
   * message handler would (a second connection in the same process cannot
   * work: better-sqlite3 waits for a lock synchronously, stopping the event
   * loop that would have released it).
   */
  secondWorker(): Promise<Store>;
}

export function describeStore(title: string, body: (context: () => StoreContext) => void): void {
  describe.each(databases)(`${title} ($name)`, ({ open }) => {
    let context: StoreContext | undefined;
    let other: Promise<Database> | undefined;
    beforeAll(async () => {
      const database = await open();
      context = {
        database,
        client: database.client,
        store: createStore(database),
        secondWorker: async () => {
          if (database.provider === "sqlite") return createStore(database);
          other ??= openDatabase(database.url);
          return createStore(await other);
        },
      };
    });
    afterAll(async () => {
      if (other !== undefined) await (await other).close();
      await context?.database.close();
    });
    body(() => {
      if (context === undefined) throw new Error("The test database is not open: was beforeAll skipped?");
      return context;
    });
  });
}

let counter = 0;

/** An id no other test uses. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** A moment in the tests' fixed calendar. */
export function at(iso: string): Date {
  return new Date(iso);
}

export function aGroup(store: Store): Promise<Group> {
  return store.groups.create({ platform: "test", chatId: unique("chat"), locale: "en", timeZone: "Africa/Nairobi" });
}

export function aPerson(store: Store, displayName = "Amina"): Promise<Person> {
  return store.people.identify("test", unique("user"), displayName);
}

/** A group with its open cycle. */
export async function aGroupInCycle(store: Store): Promise<{ group: Group; cycleId: number }> {
  const group = await aGroup(store);
  const cycle = await store.cycles.current(group.id);
  return { group, cycleId: cycle.id };
}

/** A dot vote on these options, opened at 09:00 on 6 January 2025; `overrides` change any part. */
export function aNewVote(groupId: number, cycleId: number, openedById: number, options: NewVote["options"], overrides: Partial<NewVote> = {}): NewVote {
  return {
    groupId,
    cycleId,
    purpose: "priorities",
    method: "dot",
    points: 3,
    planId: null,
    openedById,
    openedAt: at("2025-01-06T09:00:00Z"),
    closesAt: null,
    options,
    ...overrides,
  };
}

/** The vote a test opened; a refusal to open it is a failure of the test's own setup. */
export async function opened(vote: Promise<Vote | null>): Promise<Vote> {
  const result = await vote;
  if (result === null) throw new Error("The vote was not opened: the group already has an open vote");
  return result;
}
