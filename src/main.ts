/**
 * Starts Baraza: reads the configuration, opens the store, and runs every
 * configured platform. With none configured, it opens the terminal chat on
 * SQLite, so a fresh clone works with no setup at all.
 */
import "dotenv/config";
import { readConfig } from "./config.ts";
import { createBaraza } from "./flows/baraza.ts";
import { randomIds } from "./ids.ts";
import { loadTexts, LOCALES_DIR } from "./i18n.ts";
import { jsonLogger } from "./log.ts";
import { openDatabase } from "./store/database.ts";
import { createStore } from "./store/store.ts";
import { MovableClock } from "./bots/terminal/clock.ts";
import { TerminalChat } from "./bots/terminal/terminal.ts";

async function main(): Promise<void> {
  const read = readConfig(process.env);
  if (read.kind === "rejected") {
    console.error(`Baraza cannot start; fix these settings (environment or .env):\n${read.problems.map((p) => `  ${p}`).join("\n")}`);
    process.exitCode = 1;
    return;
  }
  const config = read.config;
  const database = await openDatabase(config.DATABASE_URL);
  const store = createStore(database.client);
  const texts = loadTexts({ directory: LOCALES_DIR, fallbackLocale: config.DEFAULT_LOCALE });
  const clock = new MovableClock();
  const baraza = createBaraza({ store, clock, texts, ids: randomIds, settings: { defaultLocale: config.DEFAULT_LOCALE, defaultTimeZone: config.DEFAULT_TIMEZONE, retentionDays: config.RETENTION_DAYS }, log: jsonLogger });
  try {
    const chat = new TerminalChat({ baraza, store, texts, clock, locale: config.DEFAULT_LOCALE, input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true, filesDir: "data/exports" });
    await chat.run();
  } finally {
    await database.close();
  }
}

await main();
