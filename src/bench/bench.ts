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
 * (sizes.ts). DATABASE_URL=postgresql://... runs the store-bound parts on
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

/** Runs one part in a scope of its own, undone (processes ended, stores dropped) whatever happens. */
async function part<T>(name: string, run: (scope: Scope) => Promise<T>): Promise<T> {
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

async function main(): Promise<void> {
  const began = performance.now();
  console.log(`Baraza benchmark on ${PROVIDER}, Node ${process.version}, ${availableParallelism()} cores, load ${loadavg().map((l) => n(l, 2)).join(" ")}${SIZES.quick ? " (BENCH_QUICK)" : ""}`);
  console.log(`sizes    ${Object.entries(SIZES).filter(([key]) => key !== "quick").map(([key, value]) => `${key}=${value}`).join(" ")}`);
  console.log("         (the fake Bot API runs in a process of its own, on loopback; it shares the machine's cores with the measured process)");

  const inbound = await part("inbound", inboundTelegram);
  line("inbound", `Telegram adapter ${n(inbound.baraza)} updates/s; bare grammY + insert ${n(inbound.bare)}/s, + reply ${n(inbound.bareReply)}/s; median per-round ratio ${n(inbound.ratio, 3)} (with reply ${n(inbound.ratioReply, 3)})`);
  const slack = await part("inbound (Slack)", inboundSlack);
  line("slack", `Slack adapter ${n(slack.baraza)} requests/s; bare Bolt app + insert ${n(slack.bare)}/s; median per-round ratio ${n(slack.ratio, 3)}`);
  const whatsapp = await part("inbound (WhatsApp)", inboundWhatsApp);
  line("whatsapp", `WhatsApp adapter ${n(whatsapp.baraza)} messages/s; bare listener + insert ${n(whatsapp.bare)}/s; median per-round ratio ${n(whatsapp.ratio, 3)}`);
  const late = await part("latency", latency);
  line("latency", `at ${SIZES.rate}/s from ${SIZES.people} people: p50 ${n(late.p50)} ms, p99 ${n(late.p99)} ms (kept up with ${n(late.achieved)}/s); bare grammY + insert + reply p50 ${n(late.p50Baseline)} ms, p99 ${n(late.p99Baseline)} ms (${n(late.achievedBaseline)}/s)`);
  const swept = await part("sweep", sweep);
  line("sweep", `${SIZES.due} due of ${SIZES.sweepRows} rows: ${n(swept.msPer100)} ms per 100 due jobs; plain SQL, one UPDATE per 100 in one transaction: ${n(swept.msPer100Baseline)} ms per 100`);
  const summary = await part("summary", coordinatorSummary);
  line("summary", `/groups over ${SIZES.groups} groups with open cycles: ${n(summary.ms)} ms; one plain SQL query: ${n(summary.msBaseline)} ms`);
  const start = await part("start", startTime);
  line("start", `spawn to the terminal chat's first words on an existing store: ${n(start.ms, 0)} ms; node -e printing a prompt: ${n(start.msBaseline, 0)} ms`);
  const rss = await part("memory", (scope) => memory(scope, "baraza"));
  const bareRss = await part("memory (bare)", (scope) => memory(scope, "bare"));
  line("memory", `started process RSS at rest ${rss.restMb} MB, after ${SIZES.messages} messages ${rss.afterMb} MB (peak ${rss.peakMb}, ${n(rss.rate)} msg/s); bare grammY process ${bareRss.restMb} MB, after ${bareRss.afterMb} MB (peak ${bareRss.peakMb}, ${n(bareRss.rate)} msg/s)`);
  line("time", `${n((performance.now() - began) / 1000)} s in all`);

  console.log(
    JSON.stringify({
      provider: PROVIDER,
      quick: SIZES.quick,
      inbound_ratio: rounded(inbound.ratio, 4),
      inbound_ratio_reply: rounded(inbound.ratioReply, 4),
      inbound_per_s: rounded(inbound.baraza, 1),
      inbound_per_s_baseline: rounded(inbound.bare, 1),
      inbound_per_s_baseline_reply: rounded(inbound.bareReply, 1),
      slack_ratio: rounded(slack.ratio, 4),
      slack_per_s: rounded(slack.baraza, 1),
      slack_per_s_baseline: rounded(slack.bare, 1),
      whatsapp_ratio: rounded(whatsapp.ratio, 4),
      whatsapp_per_s: rounded(whatsapp.baraza, 1),
      whatsapp_per_s_baseline: rounded(whatsapp.bare, 1),
      p50_ms: rounded(late.p50, 1),
      p99_ms: rounded(late.p99, 1),
      p50_ms_baseline: rounded(late.p50Baseline, 1),
      p99_ms_baseline: rounded(late.p99Baseline, 1),
      latency_kept_per_s: rounded(late.achieved, 1),
      latency_kept_per_s_baseline: rounded(late.achievedBaseline, 1),
      sweep_ms_per_100: rounded(swept.msPer100, 2),
      sweep_ms_per_100_baseline: rounded(swept.msPer100Baseline, 2),
      summary_ms: rounded(summary.ms, 1),
      summary_ms_baseline: rounded(summary.msBaseline, 1),
      start_ms: rounded(start.ms, 0),
      start_ms_baseline: rounded(start.msBaseline, 0),
      rss_rest_mb: rss.restMb,
      rss_after_mb: rss.afterMb,
      rss_peak_mb: rss.peakMb,
      rss_rest_mb_baseline: bareRss.restMb,
      rss_after_mb_baseline: bareRss.afterMb,
      messages: SIZES.messages,
      load: loadavg().map((l) => rounded(l, 2)),
      seconds: rounded((performance.now() - began) / 1000, 1),
    }),
  );
}

await main();
