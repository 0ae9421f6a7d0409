/**
 * A bot process of its own for the ordering tests: hands the inbound
 * messages listed in the JSON file SCHEDULE to Baraza on DATABASE_URL, each
 * `at` milliseconds after the common moment START_AT (epoch milliseconds),
 * all at once as a webhook server would, then exits.
 */
import { readFileSync } from "node:fs";
import { createBaraza } from "../../src/flows/baraza.ts";
import type { Inbound } from "../../src/flows/messages.ts";
import { loadTexts, LOCALES_DIR } from "../../src/i18n.ts";
import { openDatabase } from "../../src/store/database.ts";
import { createStore } from "../../src/store/store.ts";

const { DATABASE_URL: url = "", SCHEDULE: schedule = "", START_AT: startAt = "0" } = process.env;
const messages = JSON.parse(readFileSync(schedule, "utf8")) as { at: number; inbound: Inbound }[];
const database = await openDatabase(url);
const baraza = createBaraza({
  store: createStore(database),
  clock: { now: () => new Date() },
  texts: loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en" }),
  ids: { code: () => `${process.pid}` },
  settings: { defaultLocale: "en", defaultTimeZone: "Asia/Yangon", retentionDays: 365 },
  log: { error: (event, details) => process.stderr.write(`${JSON.stringify({ event, ...details })}\n`) },
});
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
await wait(Number(startAt) - Date.now());
await Promise.all(messages.map(async ({ at, inbound }) => {
  await wait(Number(startAt) + at - Date.now());
  await baraza.handle(inbound);
}));
await database.close();
