import type { Person } from "../../domain/types.ts";
import type { PeopleRepository } from "../../flows/ports.ts";
import type { Connection } from "./connection.ts";
import { toPerson } from "./mappers.ts";

export class PrismaPeopleRepository implements PeopleRepository {
  constructor(private readonly db: Connection) {}

  /**
   * Reads first and writes only what changed: a person's row is not rewritten
   * by every message (in PostgreSQL a rewrite carries the transaction's id,
   * which would tie the row to whatever else that transaction stored). First
   * contact is an upsert on the platform identity, so that two first
   * messages at once make one person.
   */
  async identify(platform: string, platformUserId: string, displayName: string): Promise<Person> {
    const known = await this.find(platform, platformUserId);
    if (known !== null) {
      if (known.displayName !== displayName) await this.rename(known.id, displayName);
      return { ...known, displayName };
    }
    const row = await this.db.client.person.upsert({
      where: { platform_platformUserId: { platform, platformUserId } },
      create: { platform, platformUserId, displayName },
      update: { displayName },
    });
    return toPerson(row);
  }

  async rename(personId: number, displayName: string): Promise<void> {
    await this.db.client.person.update({ where: { id: personId }, data: { displayName } });
  }

  async find(platform: string, platformUserId: string): Promise<Person | null> {
    const row = await this.db.client.person.findUnique({ where: { platform_platformUserId: { platform, platformUserId } } });
    return row === null ? null : toPerson(row);
  }

  async get(personId: number): Promise<Person | null> {
    const row = await this.db.client.person.findUnique({ where: { id: personId } });
    return row === null ? null : toPerson(row);
  }

  async setLocale(personId: number, locale: string): Promise<void> {
    await this.db.client.person.update({ where: { id: personId }, data: { locale } });
  }

  /** Stored as a JSON array; null (or no tags) removes the description. */
  async setSelfDescription(personId: number, tags: string[] | null): Promise<void> {
    const selfDescription = tags === null || tags.length === 0 ? null : JSON.stringify(tags);
    await this.db.client.person.update({ where: { id: personId }, data: { selfDescription } });
  }

  async markPrivacyNotice(personId: number, at: Date | null): Promise<void> {
    await this.db.client.person.update({ where: { id: personId }, data: { privacyNoticeAt: at } });
  }
}
