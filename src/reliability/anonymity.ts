/**
 * Anonymity: anonymous concerns raised through the bot, both ways, then
 * every link the store keeps between a concern and its author looked for:
 * on PostgreSQL, rows and row versions sharing the concern's transaction;
 * on SQLite, the author's conversation key in the file or its log; on both,
 * stored times equal to the message's own second.
 */
import { raiseAnonymously } from "./anonymous-concerns.ts";
import { openFor, rawPostgres } from "./databases.ts";
import { linksInPostgres } from "./links-postgres.ts";
import { authorKeysInSqlite } from "./links-sqlite.ts";
import type { Section } from "./part.ts";
import { groupAtStep2 } from "./scenario.ts";
import { timesToTheSecond } from "./stored-times.ts";
import { committedBetween, walPosition } from "./wal-transactions.ts";
import { World } from "./world.ts";

export const anonymity: Section = {
  name: "anonymity",
  async run(part) {
    const url = await part.freshUrl("anonymity");
    const world = new World(await openFor(part.scope, url));
    const members = await groupAtStep2(world, Math.max(3, part.settings.anonymous));
    const postgres = part.provider === "postgresql" ? await rawPostgres(part.scope, url) : null;
    const from = postgres ? await walPosition(postgres) : "";
    const concerns = await raiseAnonymously(world, part.random.fork("anonymity"), members, part.settings.anonymous);
    const times = await timesToTheSecond(world.database.client, concerns);
    const ways = `${concerns.filter((c) => c.how === "in one go").length} in one go, ${concerns.filter((c) => c.how === "after asking in the group").length} after asking in the group`;
    if (postgres) {
      const commits = await committedBetween(postgres, from, await walPosition(postgres));
      const links = await linksInPostgres(postgres, commits, concerns);
      part.tried(
        `${concerns.length} anonymous concerns (${ways}); their transactions (with subtransactions, from ${commits.length} commits in the write-ahead log) wrote ${links.written.join(", ")}; ` +
          `${links.versionsRead} row versions of Person, Membership and Conversation read from their pages; ${times.checked} stored times compared with the messages'`,
      );
      if (links.nextTransactionLinks > 0) part.tried(`${links.nextTransactionLinks} of the authors' own rows (a new display name, the conversation that led to the concern) written or removed by the transaction that committed right after the concern's`);
      part.figure("sameTransactionRows", links.sameTransactionRows);
      part.figure("rowVersionsOfTheTransaction", links.rowVersionsOfTheTransaction);
      part.figure("walRecordsOfTheTransaction", links.walRecordsOfTheTransaction);
      part.figure("nextTransactionLinks", links.nextTransactionLinks);
    } else {
      await world.database.close();
      const keys = authorKeysInSqlite(url, concerns);
      part.tried(`${concerns.length} anonymous concerns (${ways}); ${keys.bytes} bytes of the database file and its -wal searched for the authors' conversation keys; ${times.checked} stored times compared with the messages'`);
      part.figure("authorKeysInFile", keys.found);
    }
    part.figure("timesToTheSecond", times.matching);
  },
};
