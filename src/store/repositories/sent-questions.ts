import type { SentRef } from "../../flows/channel.ts";
import type { SentQuestionRepository } from "../../flows/ports.ts";
import { startOfUtcDay } from "../../domain/time.ts";
import type { Connection } from "./connection.ts";

const place = { platform: true, chatId: true, messageId: true } as const;

/**
 * Where questions were sent, one row per question token. The day is kept,
 * not the moment: a question sent in private answers something the person
 * just wrote, and its time must not time that (an anonymous concern's
 * conversation included).
 */
export class PrismaSentQuestionRepository implements SentQuestionRepository {
  constructor(private readonly db: Connection) {}

  async remember(question: string, ref: SentRef, at: Date): Promise<void> {
    const data = { platform: ref.platform, chatId: ref.chatId, messageId: ref.messageId, sentOn: startOfUtcDay(at) };
    await this.db.client.sentQuestion.upsert({ where: { question }, create: { question, ...data }, update: data });
  }

  async find(question: string): Promise<SentRef | null> {
    return this.db.client.sentQuestion.findUnique({ where: { question }, select: place });
  }

  /**
   * Reads, then deletes by id and counts: of two transactions taking the
   * same question at once, the second's delete waits for the first and then
   * finds nothing (PostgreSQL), or runs after it (SQLite's one writer), so
   * only one gets the place.
   */
  take(question: string): Promise<SentRef | null> {
    return this.db.atomically(async (client) => {
      const row = await client.sentQuestion.findUnique({ where: { question }, select: { id: true, ...place } });
      if (row === null) return null;
      const { count } = await client.sentQuestion.deleteMany({ where: { id: row.id } });
      return count === 1 ? { platform: row.platform, chatId: row.chatId, messageId: row.messageId } : null;
    });
  }

  async forgetBefore(before: Date): Promise<number> {
    return (await this.db.client.sentQuestion.deleteMany({ where: { sentOn: { lt: startOfUtcDay(before) } } })).count;
  }
}
