import type { ConversationRepository, ConversationState } from "../../flows/ports.ts";
import type { Connection } from "./connection.ts";
import { decodeJson, jsonObject } from "./decode.ts";

/**
 * A conversation is read on every message and written on most: each is one
 * plain statement, in Prisma's typed raw SQL (about half the CPU time of the
 * same query through the query builder: 91 against 174 us for the read,
 * 90 against 249 us for the upsert, measured inside a transaction on SQLite).
 * The same SQL on SQLite and PostgreSQL (double-quoted names; the schema is
 * the connection's search path).
 */
export class PrismaConversationRepository implements ConversationRepository {
  constructor(private readonly db: Connection) {}

  async get(key: string): Promise<ConversationState | null> {
    const rows = await this.db.client.$queryRaw<{ id: number | bigint; flow: string; state: string }[]>`SELECT "id", "flow", "state" FROM "Conversation" WHERE "key" = ${key}`;
    const row = rows[0];
    if (row === undefined) return null;
    return { flow: row.flow, state: decodeJson(jsonObject, row.state, `Conversation ${String(row.id)} state`) };
  }

  /** Replaces whatever conversation the key had. */
  async save(key: string, conversation: ConversationState, at: Date): Promise<void> {
    await this.db.client.$executeRaw`INSERT INTO "Conversation" ("key", "flow", "state", "updatedAt") VALUES (${key}, ${conversation.flow}, ${JSON.stringify(conversation.state)}, ${at})
      ON CONFLICT ("key") DO UPDATE SET "flow" = excluded."flow", "state" = excluded."state", "updatedAt" = excluded."updatedAt"`;
  }

  /** Clearing a key with no conversation does nothing. */
  async clear(key: string): Promise<void> {
    await this.db.client.$executeRaw`DELETE FROM "Conversation" WHERE "key" = ${key}`;
  }
}
