import type { ConversationRepository, ConversationState } from "../../flows/ports.ts";
import type { Connection } from "./connection.ts";
import { decodeJson, jsonObject } from "./decode.ts";

export class PrismaConversationRepository implements ConversationRepository {
  constructor(private readonly db: Connection) {}

  async get(key: string): Promise<ConversationState | null> {
    const row = await this.db.client.conversation.findUnique({ where: { key } });
    if (row === null) return null;
    return { flow: row.flow, state: decodeJson(jsonObject, row.state, `Conversation ${row.id} state`) };
  }

  /** Replaces whatever conversation the key had. */
  async save(key: string, conversation: ConversationState, at: Date): Promise<void> {
    const data = { flow: conversation.flow, state: JSON.stringify(conversation.state), updatedAt: at };
    await this.db.client.conversation.upsert({ where: { key }, create: { key, ...data }, update: data });
  }

  /** Clearing a key with no conversation does nothing. */
  async clear(key: string): Promise<void> {
    await this.db.client.conversation.deleteMany({ where: { key } });
  }
}
