/**
 * One bot process of the two-process part: hands the private messages in
 * the JSON file SCHEDULE to Baraza on DATABASE_URL, each `at` milliseconds
 * after a common moment, all at once as a webhook server would. It prints
 * "ready" once its store is open, and starts when the parent writes that
 * moment (epoch milliseconds) on its standard input, so that two processes
 * started at different speeds still receive their messages together.
 *
 * Before it says it is ready it handles the part's two messages once for a
 * person of its own (`warm-<pid>`), as a bot that has been running a while
 * has: the first of each kind prepares its statements and opens
 * connections, a pause only a cold process makes, which would otherwise
 * fall on the first measured messages and turn some pairs round.
 */
import { readFileSync } from "node:fs";
import { systemClock } from "../clock.ts";
import { createBaraza } from "../flows/baraza.ts";
import { openDatabase } from "../store/database.ts";
import { firstInputLine, processDeps } from "./process-deps.ts";
import { scheduleSchema } from "./schedule.ts";
import { inPrivate } from "./world.ts";

const messages = scheduleSchema.parse(JSON.parse(readFileSync(process.env["SCHEDULE"] ?? "", "utf8")));
const database = await openDatabase(process.env["DATABASE_URL"] ?? "");
const baraza = createBaraza(processDeps(database, systemClock));
const warm = { id: `warm-${process.pid}`, name: "Warm" };
// The pair every person of this part sends (ordering-postgres.ts), whichever of them this process was given.
for (const text of ["/lang", "2"]) await baraza.handle(inPrivate(warm, text));
process.stdout.write("ready\n");
const startAt = Number(await firstInputLine());
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
await Promise.all(
  messages.map(async ({ at, person, text, order }) => {
    await wait(startAt + at - Date.now());
    await baraza.handle(inPrivate(person, text, { updateId: String(order), order }));
  }),
);
await database.close();
process.stdout.write("done\n");
process.exit(0);
