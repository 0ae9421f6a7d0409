/**
 * What keeping Telegram's rate limits costs a message below them: the
 * limiter's check alone, and a Bot API call through grammY's client (its
 * transformers, the request built) with and without it, against a fetch that
 * answers at once, so the limiter's share is not hidden behind a round trip.
 *
 *   node --expose-gc --import tsx scripts/rate-limit-cost.ts
 *
 *   node --expose-gc --max-semi-space-size=128 --import tsx scripts/rate-limit-cost.ts
 *
 * Prints nanoseconds per call (median of rounds, which alternate between the
 * variants so a busy machine weighs on all alike) and bytes allocated per
 * call (growth of V8's young generation over a run too short to collect it;
 * hence the larger semi-space).
 */
import { getHeapSpaceStatistics } from "node:v8";
import { Api } from "grammy";
import { RateLimiter } from "../src/bots/rate.ts";
import { LOOPBACK_LIMITS, telegramLimiter } from "../src/bots/telegram/limits.ts";

const CALLS = Number(process.env.CALLS ?? 50_000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
/** Distinct chats sent to, in turn: each below its own second's limit with LOOPBACK_LIMITS. */
const CHATS = 10_000;

/** Calls per allocation measurement: few enough that the young generation is not collected meanwhile. */
const ALLOCATION_CALLS = 2_000;

function youngBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_used_size ?? NaN;
}

const chats = Array.from({ length: CHATS }, (_, i) => String(1000 + i));
const groups = Array.from({ length: CHATS }, (_, i) => String(-1000 - i));
const body = JSON.stringify({ ok: true, result: { message_id: 1, date: 0, chat: { id: 1, type: "private", first_name: "A" }, text: "hello" } });
/** A network that answers every call at once, as a loopback server would after no time at all. */
const answerAtOnce: typeof fetch = () => Promise.resolve(new Response(body, { headers: { "content-type": "application/json" } }));

interface Variant {
  name: string;
  run(n: number): Promise<void> | void;
}

/**
 * Below the limits, and staying there: bursts that the run never uses up,
 * refilled as slowly as Telegram's, so each chat's lane stays open (as it
 * does for a second after a message with Telegram's own figures).
 */
const BELOW = {
  chat: { burst: 1e9, count: 1, perMs: 1000 },
  group: { burst: 1e9, count: 15, perMs: 60_000 },
  overall: { burst: 1e12, count: 20, perMs: 1000 },
};
const limiter = new RateLimiter(BELOW.overall);
const inChat = [BELOW.chat];
const inGroup = [BELOW.chat, BELOW.group];
const opened = [LOOPBACK_LIMITS.chat];
const plain = new Api("1:TOKEN", { fetch: answerAtOnce });
const limited = new Api("1:TOKEN", { fetch: answerAtOnce });
limited.config.use(telegramLimiter(BELOW).transformer);
/** Lanes full again at once, so each message finds its chat's lane gone and opens it anew: a chat not sent to lately. */
const opening = new RateLimiter(LOOPBACK_LIMITS.overall);

const variants: Variant[] = [
  {
    name: "limiter.take, private chat",
    run(n) {
      for (let i = 0; i < n; i += 1) if (limiter.take(chats[i % CHATS] ?? "", inChat) !== undefined) throw new Error("waited below the limit");
    },
  },
  {
    name: "limiter.take, new lane",
    run(n) {
      for (let i = 0; i < n; i += 1) if (opening.take(chats[i % CHATS] ?? "", opened) !== undefined) throw new Error("waited below the limit");
    },
  },
  {
    name: "limiter.take, group",
    run(n) {
      for (let i = 0; i < n; i += 1) if (limiter.take(groups[i % CHATS] ?? "", inGroup) !== undefined) throw new Error("waited below the limit");
    },
  },
  { name: "sendMessage, no limiter", run: (n) => sends(plain, n) },
  { name: "sendMessage, limiter", run: (n) => sends(limited, n) },
  { name: "editMessageText, no limiter", run: (n) => edits(plain, n) },
  { name: "editMessageText, limiter", run: (n) => edits(limited, n) },
];

async function sends(api: Api, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await api.sendMessage(chats[i % CHATS] ?? "", "hello");
}

async function edits(api: Api, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await api.editMessageText(chats[i % CHATS] ?? "", 1, "hello");
}

const results = new Map<string, { ns: number[]; bytes: number[] }>(variants.map((v) => [v.name, { ns: [], bytes: [] }]));
for (const variant of variants) await variant.run(CHATS); // warm up
for (let round = 0; round < ROUNDS; round += 1) {
  for (const variant of variants) {
    const result = results.get(variant.name);
    if (!result) continue;
    globalThis.gc?.();
    const started = process.hrtime.bigint();
    await variant.run(CALLS);
    result.ns.push(Number(process.hrtime.bigint() - started) / CALLS);
    globalThis.gc?.();
    const before = youngBytes();
    await variant.run(ALLOCATION_CALLS);
    const grown = youngBytes() - before;
    // A collection during the run would show as a shrinking young generation: not a measurement.
    if (grown >= 0) result.bytes.push(grown / ALLOCATION_CALLS);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
for (const [name, result] of results) {
  console.log(`${name.padEnd(28)} ${median(result.ns).toFixed(0).padStart(6)} ns/call ${median(result.bytes).toFixed(0).padStart(6)} bytes/call`);
}
console.log(JSON.stringify(Object.fromEntries([...results].map(([name, result]) => [name, { ns: Math.round(median(result.ns)), bytes: Math.round(median(result.bytes)) }]))));
