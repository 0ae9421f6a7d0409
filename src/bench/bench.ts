/**
 * `npm run bench`: what SPEC.md §10 asks to measure, each figure beside its
 * baseline from the same run on the same machine (see README, Benchmark):
 *
 *   inbound   updates/s through the real Telegram adapter over bare grammY
 *             + one insert (and + one reply), interleaved rounds, median ratio;
 *             the same through the Slack and WhatsApp adapters
 *   latency   p50/p99 at a steady open-loop 200 updates/s from 50 people
 *   sweep     ms per 100 due jobs over 1,000,000 scheduled rows
 *   summary   the coordinator's overview of 1,000 groups with open cycles
 *   start     spawn to the terminal chat's first words, on an existing store
 *   memory    RSS of the started process at rest and after 100,000 messages
 *
 * BENCH_QUICK=1 runs every part smaller; BENCH_<SIZE> overrides one size
 * (sizes.ts); BENCH_PARTS=summary,sweep runs only those parts (while working
 * on one: the others' keys are then null). DATABASE_URL=postgresql://... runs the store-bound parts on
 * fresh schemas there. The last line is one JSON object of the figures.
 */
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { Scope } from "../reliability/scope.ts";
import { inboundSlack } from "./inbound-slack.ts";
import { inboundTelegram } from "./inbound-telegram.ts";
import { inboundWhatsApp } from "./inbound-whatsapp.ts";
import { latency } from "./latency.ts";
import { SIZES } from "./sizes.ts";
import { rounded } from "./stats.ts";
import { PROVIDER } from "./stores.ts";
import { memory, startTime } from "./started-process.ts";
import { coordinatorSummary } from "./summary.ts";
import { sweep } from "./sweep.ts";

const PART_NAMES = ["inbound", "slack", "whatsapp", "latency", "sweep", "summary", "start", "memory"] as const;
type PartName = (typeof PART_NAMES)[number];

/** The parts BENCH_PARTS names (all by default). */
function chosenParts(): ReadonlySet<PartName> {
  const raw = process.env["BENCH_PARTS"];
  if (!raw) return new Set(PART_NAMES);
  const names = raw.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !(PART_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_PARTS: no part called ${unknown.join(", ")}; the parts are ${PART_NAMES.join(", ")}`);
  return new Set(PART_NAMES.filter((name) => names.includes(name)));
}
const CHOSEN = chosenParts();

/** Runs one part in a scope of its own, undone (processes ended, stores dropped) whatever happens; null when BENCH_PARTS leaves it out. */
async function part<T>(name: string, chosen: PartName, run: (scope: Scope) => Promise<T>): Promise<T | null> {
  if (!CHOSEN.has(chosen)) return null;
  const scope = new Scope();
  const started = performance.now();
  try {
    return await run(scope);
  } finally {
    const failed = await scope.close();
    if (failed.length > 0) process.stderr.write(`bench: ${name}: could not undo ${failed.join("; ")}\n`);
    process.stderr.write(`bench: ${name} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

function line(name: string, figures: string): void {
  console.log(`${name.padEnd(8)} ${figures}`);
}

const n = (value: number, decimals = 1) => value.toFixed(decimals);

/** A part's figure, rounded; null for a part BENCH_PARTS left out. */
function maybe<T>(figures: T | null, figure: (f: T) => number, decimals: number): number | null {
  return figures === null ? null : rounded(figure(figures), decimals);
}

async function main(): Promise<void> {
  const began = performance.now();
  console.log(`Baraza benchmark on ${PROVIDER}, Node ${process.version}, ${availableParallelism()} cores, load ${loadavg().map((l) => n(l, 2)).join(" ")}${SIZES.quick ? " (BENCH_QUICK)" : ""}`);
  console.log(`sizes    ${Object.entries(SIZES).filter(([key]) => key !== "quick").map(([key, value]) => `${key}=${value}`).join(" ")}`);
  console.log("         (the fake Bot API runs in a process of its own, on loopback; it shares the machine's cores with the measured process)");

  const inbound = await part("inbound", "inbound", inboundTelegram);
  if (inbound) line("inbound", `Telegram adapter ${n(inbound.baraza)} updates/s; bare grammY + insert ${n(inbound.bare)}/s, + reply ${n(inbound.bareReply)}/s; median per-round ratio ${n(inbound.ratio, 3)} (with reply ${n(inbound.ratioReply, 3)})`);
  const slack = await part("inbound (Slack)", "slack", inboundSlack);
  if (slack) line("slack", `Slack adapter ${n(slack.baraza)} requests/s; bare Bolt app + insert ${n(slack.bare)}/s; median per-round ratio ${n(slack.ratio, 3)}`);
  const whatsapp = await part("inbound (WhatsApp)", "whatsapp", inboundWhatsApp);
  if (whatsapp) line("whatsapp", `WhatsApp adapter ${n(whatsapp.baraza)} messages/s; bare listener + insert ${n(whatsapp.bare)}/s; median per-round ratio ${n(whatsapp.ratio, 3)}`);
  const late = await part("latency", "latency", latency);
  if (late) line("latency", `at ${SIZES.rate}/s from ${SIZES.people} people: p50 ${n(late.p50)} ms, p99 ${n(late.p99)} ms (kept up with ${n(late.achieved)}/s); bare grammY + insert + reply p50 ${n(late.p50Baseline)} ms, p99 ${n(late.p99Baseline)} ms (${n(late.achievedBaseline)}/s)`);
  const swept = await part("sweep", "sweep", sweep);
  if (swept) line("sweep", `${SIZES.due} due of ${SIZES.sweepRows} rows: ${n(swept.msPer100)} ms per 100 due jobs; plain SQL, one UPDATE per 100 in one transaction: ${n(swept.msPer100Baseline)} ms per 100`);
  const summary = await part("summary", "summary", coordinatorSummary);
  if (summary) line("summary", `/groups over ${SIZES.groups} groups with open cycles: ${n(summary.ms)} ms; one plain SQL query: ${n(summary.msBaseline)} ms`);
  const start = await part("start", "start", startTime);
  if (start) line("start", `spawn to the terminal chat's first words on an existing store: ${n(start.ms, 0)} ms; node -e printing a prompt: ${n(start.msBaseline, 0)} ms`);
  const rss = await part("memory", "memory", (scope) => memory(scope, "baraza"));
  const bareRss = await part("memory (bare)", "memory", (scope) => memory(scope, "bare"));
  if (rss && bareRss) line("memory", `started process RSS at rest ${rss.restMb} MB, after ${SIZES.messages} messages ${rss.afterMb} MB (peak ${rss.peakMb}, ${n(rss.rate)} msg/s); bare grammY process ${bareRss.restMb} MB, after ${bareRss.afterMb} MB (peak ${bareRss.peakMb}, ${n(bareRss.rate)} msg/s)`);
  line("time", `${n((performance.now() - began) / 1000)} s in all`);

  console.log(
    JSON.stringify({
      provider: PROVIDER,
      quick: SIZES.quick,
      inbound_ratio: maybe(inbound, (f) => f.ratio, 4),
      inbound_ratio_reply: maybe(inbound, (f) => f.ratioReply, 4),
      inbound_per_s: maybe(inbound, (f) => f.baraza, 1),
      inbound_per_s_baseline: maybe(inbound, (f) => f.bare, 1),
      inbound_per_s_baseline_reply: maybe(inbound, (f) => f.bareReply, 1),
      slack_ratio: maybe(slack, (f) => f.ratio, 4),
      slack_per_s: maybe(slack, (f) => f.baraza, 1),
      slack_per_s_baseline: maybe(slack, (f) => f.bare, 1),
      whatsapp_ratio: maybe(whatsapp, (f) => f.ratio, 4),
      whatsapp_per_s: maybe(whatsapp, (f) => f.baraza, 1),
      whatsapp_per_s_baseline: maybe(whatsapp, (f) => f.bare, 1),
      p50_ms: maybe(late, (f) => f.p50, 1),
      p99_ms: maybe(late, (f) => f.p99, 1),
      p50_ms_baseline: maybe(late, (f) => f.p50Baseline, 1),
      p99_ms_baseline: maybe(late, (f) => f.p99Baseline, 1),
      latency_kept_per_s: maybe(late, (f) => f.achieved, 1),
      latency_kept_per_s_baseline: maybe(late, (f) => f.achievedBaseline, 1),
      sweep_ms_per_100: maybe(swept, (f) => f.msPer100, 2),
      sweep_ms_per_100_baseline: maybe(swept, (f) => f.msPer100Baseline, 2),
      summary_ms: maybe(summary, (f) => f.ms, 1),
      summary_ms_baseline: maybe(summary, (f) => f.msBaseline, 1),
      start_ms: maybe(start, (f) => f.ms, 0),
      start_ms_baseline: maybe(start, (f) => f.msBaseline, 0),
      rss_rest_mb: rss?.restMb ?? null,
      rss_after_mb: rss?.afterMb ?? null,
      rss_peak_mb: rss?.peakMb ?? null,
      rss_rest_mb_baseline: bareRss?.restMb ?? null,
      rss_after_mb_baseline: bareRss?.afterMb ?? null,
      messages: SIZES.messages,
      load: loadavg().map((l) => rounded(l, 2)),
      seconds: rounded((performance.now() - began) / 1000, 1),
    }),
  );
}

await main();
