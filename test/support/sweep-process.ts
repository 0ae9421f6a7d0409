/**
 * One sweeping process for the delivery tests, a real one, so that it can be
 * killed with SIGKILL as a power cut would and run beside another. It
 * delivers what is due in DATABASE_URL, appending each message it sends to
 * OUT as one JSON line (the message, and the process id in `by`).
 *
 * Options, by environment variable:
 * - NOW: the clock's time at START_AT (epoch milliseconds; by default when
 *   the process starts). The clock runs on from there CLOCK_RATE times
 *   faster than real time (default 1). Processes given the same NOW and
 *   START_AT keep the same time, as processes on one host do.
 * - KILL_AT_SEND=N: kills itself during the Nth send (after its SEND_MS),
 *   before that message goes out.
 * - KILL_AFTER_SEND=N: kills itself just after the platform accepted the
 *   Nth message, before its job is marked sent: the window in which a
 *   message may be sent twice.
 * Each job marked sent is written to OUT too, once its mark has landed, as
 * {"marked": job id, "by": process id}: a message sent and not followed by
 * its job's mark from the same process was in that window when it died.
 * - SEND_MS=a,b,...: the sends take a, b, ... ms of real time in turn,
 *   starting again from the first after the last (a slow one is a send
 *   waiting out a platform's rate limit).
 * - RENEW_EVERY_MS=N: how often, in real time, the sweep renews its lease
 *   (to keep pace with a clock that runs fast).
 * - UNTIL_DONE=1: sweeps again and again, as the sweep timer does, until no
 *   due job is left pending or claimed by anyone.
 */
import { appendFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { deliverJobs, type Send } from "../../src/flows/jobs.ts";
import { openDatabase } from "../../src/store/database.ts";
import { createStore } from "../../src/store/store.ts";
import { recordingMarks, sweepDeps } from "./sweeps.ts";

const env = process.env;
const number = (name: string, fallback: number): number => (env[name] ? Number(env[name]) : fallback);
const startedAt = number("START_AT", Date.now());
const startTime = new Date(env["NOW"] ?? "").getTime();
const rate = number("CLOCK_RATE", 1);
const killAt = number("KILL_AT_SEND", 0);
const killAfter = number("KILL_AFTER_SEND", 0);
const sendMs = (env["SEND_MS"] ?? "0").split(",").map(Number);
const renewEveryMs = env["RENEW_EVERY_MS"] ? Number(env["RENEW_EVERY_MS"]) : undefined;

const database = await openDatabase(env["DATABASE_URL"] ?? "");
const clock = { now: () => new Date(startTime + (Date.now() - startedAt) * rate) };
const deps = sweepDeps(recordingMarks(createStore(database), (jobId) => appendFileSync(env["OUT"] ?? "", `${JSON.stringify({ marked: jobId, by: process.pid })}\n`)), clock);

let sends = 0;
const send: Send = async (message) => {
  sends += 1;
  const wait = sendMs[(sends - 1) % sendMs.length] ?? 0;
  if (wait > 0) await sleep(wait);
  if (sends === killAt) process.kill(process.pid, "SIGKILL");
  appendFileSync(env["OUT"] ?? "", `${JSON.stringify({ ...message, by: process.pid })}\n`);
  if (sends === killAfter) process.kill(process.pid, "SIGKILL");
};

const worker = `worker-${process.pid}`;
for (;;) {
  await deliverJobs(deps, send, worker, { renewEveryMs });
  if (env["UNTIL_DONE"] !== "1") break;
  const left = await database.client.scheduledJob.count({ where: { status: { in: ["pending", "claimed"] }, dueAt: { lte: clock.now() } } });
  if (left === 0) break;
  await sleep(20);
}
await database.close();
