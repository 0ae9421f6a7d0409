/**
 * `npm run reliability`: the reliability and safety suite of issue 8. On
 * each database (SQLite, PostgreSQL) it runs, on loopback only:
 *
 *   replay      updates delivered 2-5 times at once → duplicate rows and messages
 *   processes   two processes → updates handled out of order (SQLite: the second must refuse)
 *   kill        SIGKILL during writes and sweeps → acknowledged writes lost, reminders lost
 *               or doubled outside the documented window, a damaged database
 *   webhook     forged and oversized requests → any accepted
 *   fuzz        hostile inputs → unhandled errors, forged attributions in group messages
 *   anonymity   anonymous concerns → anything stored that links them to their author
 *
 * Each part prints what it tried as it goes; at the end every figure is
 * printed on a line of its own, then, as the last line, a JSON object of the
 * figures alone. Every figure is 0 when Baraza keeps its promises, and the
 * exit code is 0 only then. Sizes and the seed come from the environment
 * (see settings.ts); each part has a time limit and removes the processes,
 * folders and schemas it made, whatever happens to it.
 */
import { performance } from "node:perf_hooks";
import { freshUrl } from "./databases.ts";
import type { Part, Section } from "./part.ts";
import { Random } from "./random.ts";
import { anonymity } from "./anonymity.ts";
import { fuzz } from "./fuzz.ts";
import { kills } from "./kills.ts";
import { processes } from "./processes.ts";
import { replays } from "./replays.ts";
import { webhookProbes } from "./webhook-probes.ts";
import { Scope } from "./scope.ts";
import { readSettings, type Settings } from "./settings.ts";

const SECTIONS: readonly Section[] = [replays, processes, kills, webhookProbes, fuzz, anonymity];

/** Figures in the order they were recorded. */
const figures = new Map<string, number>();
let current: Scope | null = null;

/** A part ran out of time: said in one line, without a stack. */
class TimeUp extends Error {}

/** Rejects once `ms` have passed; the work left running is stopped by closing its scope. */
function withinTime(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  // Whatever the work does after it was given up, it must not end the run.
  work.catch(() => undefined);
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeUp(`did not finish within ${ms / 1000} s (RELIABILITY_SECTION_SECONDS)`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

async function runPart(settings: Settings, provider: Settings["databases"][number], section: Section): Promise<void> {
  const scope = new Scope();
  current = scope;
  const prefix = `${provider}.${section.name}`;
  const part: Part = {
    provider,
    settings,
    scope,
    random: new Random(settings.seed).fork(prefix),
    freshUrl: (label) => freshUrl(scope, provider, settings.postgresUrl, label),
    tried: (text) => console.log(`${prefix}: ${text}`),
    figure: (name, value) => {
      if (!scope.stopped) figures.set(`${prefix}.${name}`, value);
    },
  };
  const started = performance.now();
  try {
    await withinTime(section.run(part), settings.sectionMs);
  } catch (error) {
    part.tried(`FAILED: ${error instanceof TimeUp ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    part.figure("failed", 1);
  }
  const leftovers = await scope.close();
  current = null;
  if (leftovers.length > 0) {
    console.log(`${prefix}: could not remove: ${leftovers.join("; ")}`);
    figures.set(`${prefix}.leftovers`, leftovers.length);
  }
  console.log(`${prefix}: took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<number> {
  const read = readSettings(process.env);
  if (read.kind === "rejected") {
    console.error(`The reliability suite cannot start; fix these settings:\n${read.problems.map((p) => `  ${p}`).join("\n")}`);
    return 1;
  }
  const { settings } = read;
  const unknown = settings.parts.filter((name) => !SECTIONS.some((section) => section.name === name));
  if (unknown.length > 0) {
    console.error(`The reliability suite cannot start; fix this setting:\n  RELIABILITY_PARTS: no part named ${unknown.join(", ")}; use some of ${SECTIONS.map((section) => section.name).join(", ")}`);
    return 1;
  }
  console.log(
    `Baraza reliability and safety suite — seed ${settings.seed} (RELIABILITY_SEED), databases ${settings.databases.join(", ")}, ` +
      `REPLAYS=${settings.replays} PAIRS=${settings.pairs} WRITES=${settings.writes} DIGESTS=${settings.digests} KILLS=${settings.kills} FUZZ=${settings.fuzz} ANONYMOUS=${settings.anonymous}, Node ${process.version}`,
  );
  const started = performance.now();
  const chosen = SECTIONS.filter((section) => settings.parts.length === 0 || settings.parts.includes(section.name));
  for (const provider of settings.databases) for (const section of chosen) await runPart(settings, provider, section);
  console.log(`all parts took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const width = Math.max(...[...figures.keys()].map((name) => name.length));
  for (const [name, value] of figures) console.log(`${name.padEnd(width)}  ${value}`);
  console.log(JSON.stringify(Object.fromEntries(figures)));
  return [...figures.values()].every((value) => value === 0) ? 0 : 1;
}

// Ctrl+C: remove what the part under way made, then stop.
process.once("SIGINT", () => {
  void (current?.close() ?? Promise.resolve([])).finally(() => process.exit(130));
});

process.exit(await main());
