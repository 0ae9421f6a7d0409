/**
 * One sweep in a process of its own, for the crash tests: delivers what is
 * due at NOW from DATABASE_URL, appending each message to OUT, and kills
 * itself with SIGKILL at the KILL_AT_SEND-th send (before that message goes
 * out), as a power cut would.
 */
import { appendFileSync } from "node:fs";
import { createBaraza } from "../../src/flows/baraza.ts";
import { loadTexts, LOCALES_DIR } from "../../src/i18n.ts";
import { openDatabase } from "../../src/store/database.ts";
import { createStore } from "../../src/store/store.ts";

const { DATABASE_URL: url = "", NOW: now = "", OUT: out = "", KILL_AT_SEND: killAt = "0" } = process.env;
const database = await openDatabase(url);
const baraza = createBaraza({
  store: createStore(database.client),
  clock: { now: () => new Date(now) },
  texts: loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en" }),
  ids: { code: () => `${process.pid}` },
  settings: { defaultLocale: "en", defaultTimeZone: "Asia/Yangon", retentionDays: 365 },
  log: { error: (event, details) => process.stderr.write(`${JSON.stringify({ event, ...details })}\n`) },
});
let sends = 0;
await baraza.deliverDue(async (message) => {
  sends += 1;
  if (sends === Number(killAt)) process.kill(process.pid, "SIGKILL");
  appendFileSync(out, `${JSON.stringify(message)}\n`);
});
await database.close();
