/**
 * A bot process that is killed while it writes: it hands the updates in the
 * JSON file UPDATES to Baraza on DATABASE_URL, three at a time (one
 * person's always one after another, as the adapters keep them), and prints
 * "ack <update id>" once `handle` has resolved: the moment a webhook
 * answers Telegram, which then never sends that update again. It claims a
 * SQLite file first, as `main.ts` does, so that a restart after a kill takes
 * over the lock the dead process left.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { systemClock } from "../clock.ts";
import { createBaraza } from "../flows/baraza.ts";
import { openDatabase, providerOf } from "../store/database.ts";
import { claimSqliteFile } from "../store/one-process.ts";
import { processDeps } from "./process-deps.ts";
import { chatOf, writeUpdateSchema, type WriteUpdate } from "./write-updates.ts";
import { PLATFORM } from "./world.ts";

/** How many updates are handled at once, as a webhook server takes several requests at a time. */
const AT_ONCE = 3;

const url = process.env["DATABASE_URL"] ?? "";
const updates = z.array(writeUpdateSchema).parse(JSON.parse(readFileSync(process.env["UPDATES"] ?? "", "utf8")));
const release = providerOf(url) === "sqlite" ? claimSqliteFile(url) : () => undefined;
const database = await openDatabase(url);
const baraza = createBaraza(processDeps(database, systemClock));
process.stdout.write("ready\n");

// One queue per group of people: a person's updates stay in order, and several people's are handled at once.
const queues: WriteUpdate[][] = Array.from({ length: AT_ONCE }, () => []);
for (const update of updates) queues[Number(update.person.id) % AT_ONCE]?.push(update);
await Promise.all(
  queues.map(async (queue) => {
    for (const update of queue) {
      await baraza.handle({ platform: PLATFORM, updateId: String(update.updateId), order: update.updateId, chat: chatOf(update), sender: update.person, text: update.text });
      process.stdout.write(`ack ${update.updateId}\n`);
    }
  }),
);
await database.close();
release();
process.stdout.write("done\n");
process.exit(0);
