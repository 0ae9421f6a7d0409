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
  async identify(platform: string, platformUserId: string, displayName: string, locale?: string): Promise<Person> {
    const known = await this.find(platform, platformUserId);
    if (known !== null) {
      if (known.displayName !== displayName) await this.rename(known.id, displayName);
      return { ...known, displayName };
    }
    const row = await this.db.client.person.upsert({
      where: { platform_platformUserId: { platform, platformUserId } },
      create: { platform, platformUserId, displayName, ...(locale ? { locale } : {}) },
      update: { displayName },
    });
    return toPerson(row);
  }

  async rename(personId: number, displayName: string): Promise<void> {
    await this.db.client.person.update({ where: { id: personId }, data: { displayName } });
  }

  /** By the person's own id first (one unique index); by their other ids only when that finds no one. */
  find(platform: string, platformUserId: string): Promise<Person | null> {
    return this.db.kept(`person:${platform}:${platformUserId}`, ["Person", "PersonAlias"], () => this.read(platform, platformUserId));
  }

  private async read(platform: string, platformUserId: string): Promise<Person | null> {
    const client = this.db.client;
    const row = await client.person.findUnique({ where: { platform_platformUserId: { platform, platformUserId } } });
    if (row !== null) return toPerson(row);
    const alias = await client.personAlias.findUnique({ where: { platform_aliasId: { platform, aliasId: platformUserId } }, include: { person: true } });
    return alias === null ? null : toPerson(alias.person);
  }

  async recognise(platform: string, ids: readonly string[]): Promise<Person | null> {
    for (const id of ids) {
      const person = await this.find(platform, id);
      if (person !== null) return person;
    }
    return null;
  }

  /**
   * Reads first and writes only the ids that are new. Who owns an id is
   * decided twice: by reading (an id that is someone else's `platformUserId`
   * cannot be caught by the alias table's unique index), and by that index
   * when another transaction records the same id at the same moment. The
   * message lanes (see `lanesOf` in src/flows/baraza.ts) keep a newcomer
   * writing from the id from racing this.
   */
  async addAliases(personId: number, ids: readonly string[]): Promise<{ added: string[]; taken: string[] }> {
    const client = this.db.client;
    const person = await client.person.findUnique({ where: { id: personId }, select: { platform: true, platformUserId: true } });
    if (person === null) throw new Error(`Person ${personId} does not exist`);
    const { platform } = person;
    const wanted = [...new Set(ids)].filter((id) => id !== person.platformUserId);
    if (wanted.length === 0) return { added: [], taken: [] };
    const aliased = await client.personAlias.findMany({ where: { platform, aliasId: { in: wanted } }, select: { aliasId: true, personId: true } });
    const primaries = await client.person.findMany({ where: { platform, platformUserId: { in: wanted } }, select: { platformUserId: true } });
    const owner = new Map(aliased.map((row) => [row.aliasId, row.personId]));
    const taken = new Set([...primaries.map((row) => row.platformUserId), ...aliased.filter((row) => row.personId !== personId).map((row) => row.aliasId)]);
    const added: string[] = [];
    for (const aliasId of wanted) {
      if (owner.has(aliasId) || taken.has(aliasId)) continue;
      if (await this.db.insertUnlessDuplicate((tx) => tx.personAlias.create({ data: { personId, platform, aliasId } }))) {
        added.push(aliasId);
        continue;
      }
      // Recorded by another transaction since we read: someone else's, unless it was this person's own.
      const now = await client.personAlias.findUnique({ where: { platform_aliasId: { platform, aliasId } }, select: { personId: true } });
      if (now?.personId !== personId) taken.add(aliasId);
    }
    return { added, taken: wanted.filter((id) => taken.has(id)) };
  }

  async aliases(personId: number): Promise<string[]> {
    const rows = await this.db.client.personAlias.findMany({ where: { personId }, select: { aliasId: true }, orderBy: { id: "asc" } });
    return rows.map((row) => row.aliasId);
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
