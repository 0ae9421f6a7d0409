/**
 * How soon Slack is answered, and at what pace people are written to, when
 * many people write to the bot at once over HTTP (a benchmark, not a test):
 *
 *   npm run bench:slack   (or: node --import tsx src/bench/slack-ack.ts)
 *
 * SLACK_ACK_N [500] signed Events API requests, direct messages from
 * SLACK_ACK_N / 2 people making first contact, two each ("hello", "/help",
 * sent together), 50 in flight at once, sent from a thread of their own
 * (Slack's side, so its work does not wait on the bot's event loop), over real HTTP to the
 * process's server (SharedServerReceiver and the Bolt app), against a real
 * store (a SQLite file in a temporary folder) and the fake Web API on
 * loopback, with Slack's real pace of one message a second per conversation.
 *
 * Slack wants an answer within 3 seconds; the receiver answers when the work
 * is done or at ACK_WITHIN_MS (2 s), whichever comes first, so `ack_max_ms`
 * above 3000 would mean Slack gives up and retries. The pace is measured
 * from the fake's timestamps of the bot's posts in each conversation (the
 * time each post arrived): `messages_per_second_per_channel` is the fastest
 * any one conversation was written to, which Slack limits to about 1.
 *
 * The last line printed is JSON: {ack_p50_ms, ack_p99_ms, ack_max_ms,
 * messages_per_second_per_channel, n}.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { webApi } from "@slack/bolt";
import { createSlackApp } from "../bots/slack/app.ts";
import { SharedServerReceiver, SLACK_PATH } from "../bots/slack/receiver.ts";
import { systemClock } from "../clock.ts";
import { createBaraza } from "../flows/baraza.ts";
import { randomIds } from "../ids.ts";
import { loadTexts, LOCALES_DIR } from "../i18n.ts";
import { startHttpServer, type HttpServer } from "../server.ts";
import { openDatabase } from "../store/database.ts";
import { createStore } from "../store/store.ts";
import { APP_ID, BOT_ID, BOT_USER_ID, DEFAULT_TOKEN, FakeSlackApi, TEAM_ID } from "../../test/bots/slack/fake-web-api.ts";
import { eventBody } from "../../test/bots/slack/signing.ts";

const N = Number(process.env["SLACK_ACK_N"] ?? 500);
const IN_FLIGHT = 50;
const SECRET = "bench-signing-secret";

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function main(): Promise<void> {
  if (!Number.isInteger(N) || N < 1) throw new Error("SLACK_ACK_N: use a whole number of requests, at least 1, such as 500");
  const dir = await mkdtemp(join(tmpdir(), "baraza-slack-ack-"));
  const database = await openDatabase(`file:${join(dir, "bench.db")}`);
  const api = await FakeSlackApi.start();
  const failures: string[] = [];
  const log = { error: (event: string) => void failures.push(event) };
  const http = await startHttpServer({ port: 0, host: "127.0.0.1", log });
  // The time from a request's body having arrived to its answer, as the bot sees it (the rest is the network and waiting for a turn of the event loop).
  const inside: number[] = [];
  const timed: HttpServer = {
    port: http.port,
    close: () => http.close(),
    route: (route) =>
      http.route({
        ...route,
        handle: async (request) => {
          const before = performance.now();
          const answer = await route.handle(request);
          inside.push(performance.now() - before);
          return answer;
        },
      }),
  };
  const receiver = new SharedServerReceiver({ server: timed, signingSecret: SECRET, log });
  const texts = loadTexts({ directory: LOCALES_DIR, fallbackLocale: "en" });
  const baraza = createBaraza({ store: createStore(database), clock: systemClock, texts, ids: randomIds, settings: { defaultLocale: "en", defaultTimeZone: "Asia/Yangon", retentionDays: 365 }, log });
  const client = new webApi.WebClient(DEFAULT_TOKEN, { slackApiUrl: api.url });
  const slack = createSlackApp({
    token: DEFAULT_TOKEN,
    identity: { botUserId: BOT_USER_ID, botId: BOT_ID, name: "baraza", appLink: `https://slack.com/app_redirect?app=${APP_ID}&team=${TEAM_ID}` },
    receiver,
    client,
    lookups: client,
    baraza,
    texts,
    defaultLocale: "en",
    log,
  });
  await slack.app.start();
  const url = `http://127.0.0.1:${http.port}${SLACK_PATH}`;

  // Two messages from each person, both in flight at once: a first contact, and a second one whose reply waits for Slack's pace in their DM.
  const people = Array.from({ length: Math.ceil(N / 2) }, (_, i) => ({ id: `UBENCH${String(i).padStart(6, "0")}`, name: `Person ${i}`, locale: "en-US" }));
  for (const person of people) api.addUser(person);
  const bodies = Array.from({ length: N }, (_, i) => {
    const person = people[Math.floor(i / 2)] ?? { id: "" };
    return eventBody({ type: "message", channel: api.dmOf(person.id), channel_type: "im", user: person.id, text: i % 2 === 0 ? "hello" : "/help", ts: `1800000000.${String(i).padStart(6, "0")}` });
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const { acks, statuses } = await sendAsSlack(url, bodies);
  const answeredAll = performance.now() - started;
  await receiver.settled();
  const workedAll = performance.now() - started;
  loop.disable();

  // The pace in each conversation written to more than once: posts after the first, over the time from the first to the last.
  let fastest = 0;
  let posts = 0;
  const gaps: number[] = [];
  for (const person of people) {
    const times = api.messages(api.dmOf(person.id)).map((message) => Number(message.ts));
    posts += times.length;
    if (times.length < 2) continue;
    const first = times[0] ?? 0;
    const last = times.at(-1) ?? 0;
    for (let i = 1; i < times.length; i++) gaps.push((times[i] ?? 0) - (times[i - 1] ?? 0));
    fastest = Math.max(fastest, last > first ? (times.length - 1) / (last - first) : Infinity);
  }

  await slack.app.stop();
  await http.close();
  await api.close();
  await database.close();
  await rm(dir, { recursive: true, force: true });

  const sorted = [...acks].sort((a, b) => a - b);
  const insideSorted = [...inside].sort((a, b) => a - b);
  const gapsSorted = [...gaps].sort((a, b) => a - b);
  console.log(`answers   ${Object.entries(statuses).map(([status, count]) => `${count} × ${status}`).join(", ")} in ${(answeredAll / 1000).toFixed(1)} s; all work done in ${(workedAll / 1000).toFixed(1)} s`);
  console.log(`inside    from the body read to the answer: p50 ${percentile(insideSorted, 50).toFixed(0)} ms, p99 ${percentile(insideSorted, 99).toFixed(0)} ms, max ${(insideSorted.at(-1) ?? 0).toFixed(0)} ms`);
  console.log(`pace      time between two posts in one DM: min ${((gapsSorted[0] ?? 0) * 1000).toFixed(0)} ms, p50 ${(percentile(gapsSorted, 50) * 1000).toFixed(0)} ms`);
  console.log(`loop      event loop delay p50 ${(loop.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, max ${(loop.max / 1e6).toFixed(0)} ms`);
  console.log(`posts     ${posts} messages in ${people.length} DMs (${(posts / people.length).toFixed(1)} each); ${failures.length} failures logged${failures.length ? ` (${[...new Set(failures)].join(", ")})` : ""}`);
  console.log(JSON.stringify({ ack_p50_ms: round(percentile(sorted, 50)), ack_p99_ms: round(percentile(sorted, 99)), ack_max_ms: round(sorted.at(-1) ?? 0), messages_per_second_per_channel: Math.round(fastest * 1000) / 1000, n: N }));
}

/**
 * Slack's side: posts every body, signed, IN_FLIGHT at a time, from a
 * thread of its own, so that waiting for the bot's event loop is counted
 * and the sender's own work is not; resolves with each answer's time in
 * milliseconds and the count of each status.
 */
function sendAsSlack(url: string, bodies: string[]): Promise<{ acks: number[]; statuses: Record<string, number> }> {
  const worker = new Worker(SLACK_SIDE, { eval: true, workerData: { url, bodies, secret: SECRET, inFlight: IN_FLIGHT } });
  return new Promise((resolve, reject) => {
    worker.once("message", (result: { acks: number[]; statuses: Record<string, number> }) => resolve(result));
    worker.once("error", reject);
  });
}

/** The sender's code, plain JavaScript for a worker thread; signed as signing.ts signs. */
const SLACK_SIDE = `
const { workerData, parentPort } = require("node:worker_threads");
const { createHmac } = require("node:crypto");
const { performance } = require("node:perf_hooks");
const { url, bodies, secret, inFlight } = workerData;
const acks = [];
const statuses = {};
let next = 0;
async function send() {
  for (let i = next++; i < bodies.length; i = next++) {
    const body = bodies[i];
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = "v0=" + createHmac("sha256", secret).update("v0:" + timestamp + ":" + body).digest("hex");
    const before = performance.now();
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature }, body });
    await response.arrayBuffer();
    acks.push(performance.now() - before);
    statuses[response.status] = (statuses[response.status] || 0) + 1;
  }
}
Promise.all(Array.from({ length: inFlight }, send)).then(() => parentPort.postMessage({ acks, statuses }));
`;

await main();
