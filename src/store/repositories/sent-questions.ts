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

  /** One statement, as `take` (written on most answers: see conversations.ts for why raw SQL). */
  async remember(question: string, ref: SentRef, at: Date): Promise<void> {
    await this.db.client.$executeRaw`INSERT INTO "SentQuestion" ("question", "platform", "chatId", "messageId", "sentOn") VALUES (${question}, ${ref.platform}, ${ref.chatId}, ${ref.messageId}, ${startOfUtcDay(at)})
      ON CONFLICT ("question") DO UPDATE SET "platform" = excluded."platform", "chatId" = excluded."chatId", "messageId" = excluded."messageId", "sentOn" = excluded."sentOn"`;
  }

  async find(question: string): Promise<SentRef | null> {
    return this.db.client.sentQuestion.findUnique({ where: { question }, select: place });
  }

  /**
   * One statement, deleting the row and returning it: of two transactions
   * taking the same question at once, only one gets the place (PostgreSQL's
   * second delete waits for the first's row lock, then finds the row gone;
   * SQLite has one writer). Not a read and a delete in a transaction of
   * their own: that was a second commit for every answer.
   */
  async take(question: string): Promise<SentRef | null> {
    const rows = await this.db.client.$queryRaw<SentRef[]>`DELETE FROM "SentQuestion" WHERE "question" = ${question} RETURNING "platform", "chatId", "messageId"`;
    const row = rows[0];
    return row ? { platform: row.platform, chatId: row.chatId, messageId: row.messageId } : null;
  }

  async forgetBefore(before: Date): Promise<number> {
    return (await this.db.client.sentQuestion.deleteMany({ where: { sentOn: { lt: startOfUtcDay(before) } } })).count;
  }
}
