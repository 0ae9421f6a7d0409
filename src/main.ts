/**
 * Starts Baraza: reads the configuration, opens the store, and runs every
 * configured platform. With none configured, it opens the terminal chat on
 * SQLite, so a fresh clone works with no setup at all.
 */
import "dotenv/config";
import { constants } from "node:os";
import { MovableClock, systemClock } from "./clock.ts";
import { readConfig } from "./config.ts";
import { createBaraza } from "./flows/baraza.ts";
import { randomIds } from "./ids.ts";
import { loadTexts, LOCALES_DIR } from "./i18n.ts";
import { jsonLogger } from "./log.ts";
import { openDatabase, providerOf } from "./store/database.ts";
import { sqlitePath } from "./store/adapters.ts";
import { claimSqliteFile, DatabaseInUse } from "./store/one-process.ts";
import { createStore } from "./store/store.ts";
import { TerminalChat } from "./bots/terminal/terminal.ts";
import { PLATFORMS, startPlatforms, type Platform } from "./platforms.ts";
import type { Baraza } from "./flows/baraza.ts";
import type { Config } from "./config.ts";
import type { Texts } from "./flows/texts.ts";

/** How often scheduled messages (digests, deadlines, reminders) are looked for. */
const SWEEP_INTERVAL_MS = 30_000;

/**
 * What Baraza stores can name people who report violence. The store and the
 * terminal create their files for this account alone; this mask is a second
 * line of defence for every other file and folder the process creates.
 */
const PRIVATE_UMASK = 0o077;

async function main(): Promise<void> {
  process.umask(PRIVATE_UMASK);
  const read = readConfig(process.env);
  if (read.kind === "rejected") {
    console.error(`Baraza cannot start; fix these settings (environment or .env):\n${read.problems.map((p) => `  ${p}`).join("\n")}`);
    process.exitCode = 1;
    return;
  }
  const config = read.config;
  const release = claimStore(config.DATABASE_URL);
  if (!release) return;
  try {
    await run(config);
  } finally {
    release();
  }
}

/** On SQLite, claims the file for this process (see store/one-process.ts); null, said why, if another has it. */
function claimStore(url: string): (() => void) | null {
  if (providerOf(url) !== "sqlite" || sqlitePath(url) === ":memory:") return () => undefined;
  try {
    return claimSqliteFile(url);
  } catch (error) {
    if (!(error instanceof DatabaseInUse)) throw error;
    console.error(`Baraza cannot start: ${error.message}`);
    process.exitCode = 1;
    return null;
  }
}

async function run(config: Config): Promise<void> {
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(config.DATABASE_URL);
  } catch (error) {
    // One line, naming the database (without its password) and why: a setting or a server to fix, not a crash.
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`Baraza cannot start: ${reason.split("\n")[0] ?? reason}`);
    process.exitCode = 1;
    return;
  }
  const store = createStore(database);
  const texts = loadTexts({ directory: LOCALES_DIR, fallbackLocale: config.DEFAULT_LOCALE });
  const platforms = PLATFORMS.filter((platform) => platform.configured(config));
  // The terminal's `/wait` moves its clock; a platform runs on the real time.
  const terminalClock = new MovableClock();
  const clock = platforms.length > 0 ? systemClock : terminalClock;
  const baraza = createBaraza({ store, clock, texts, ids: randomIds, settings: { defaultLocale: config.DEFAULT_LOCALE, defaultTimeZone: config.DEFAULT_TIMEZONE, retentionDays: config.RETENTION_DAYS }, log: jsonLogger });
  try {
    if (platforms.length > 0) {
      process.exitCode = await runPlatforms(config, platforms, baraza, texts);
      return;
    }
    const chat = new TerminalChat({ baraza, store, texts, clock: terminalClock, locale: config.DEFAULT_LOCALE, input: process.stdin, output: process.stdout, interactive: process.stdin.isTTY === true, filesDir: "data/exports" });
    await chat.run();
  } finally {
    await database.close();
  }
}

/**
 * Runs every configured platform and the sweep until SIGINT or SIGTERM,
 * then stops them all, letting work under way finish; returns the exit
 * code. A signal during start-up ends the start at once, whatever the
 * platforms are (not) answering.
 */
async function runPlatforms(config: Config, platforms: readonly Platform[], baraza: Baraza, texts: Texts): Promise<number> {
  const stop = stopOnSignals();
  const started = await startPlatforms({
    config,
    platforms,
    baraza,
    texts,
    log: jsonLogger,
    stop: stop.signal,
    say: (line) => process.stdout.write(`${line}\n`),
    complain: (line) => process.stderr.write(`${line}\n`),
    sweepIntervalMs: SWEEP_INTERVAL_MS,
  });
  // Asked for while starting, so not a failure: exit code 0.
  if (started.kind !== "running") return started.kind === "failed" ? 1 : 0;
  await stop.requested;
  await started.stop();
  return 0;
}

/**
 * SIGINT (Ctrl+C) and SIGTERM (systemd, docker stop): the first aborts
 * `signal` (with the signal's name as its reason), which start-up honours, and resolves `requested`; a second ends
 * the process at once, as a crash would, for a stop that waits on a Bot API
 * that does not answer (a reply under way is retried for as long as it takes).
 */
function stopOnSignals(): { signal: AbortSignal; requested: Promise<NodeJS.Signals> } {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const requested = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (name: NodeJS.Signals) => {
      if (received) {
        process.stderr.write(`Baraza stopped at once on a second ${name}, leaving work under way unfinished.\n`);
        // What a shell reports for a process ended by that signal.
        process.exit(128 + constants.signals[name]);
      }
      received = name;
      controller.abort(name);
      resolve(name);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  return { signal: controller.signal, requested };
}

await main();
