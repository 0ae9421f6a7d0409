/**
 * A stand-in for Telegram's Bot API, in a process of its own on a loopback
 * port (so its work is not counted in the measured process; it still shares
 * the machine's cores). Started by fake-telegram.ts, told what to do over
 * IPC. Every call succeeds; a send is answered with a message as Telegram
 * would. When asked to serve (`serve`), it holds the bench's talk
 * (telegram-talk.ts) with BENCH_FAKE_PEOPLE people through long polling:
 * each person's first update, then their next one as soon as the bot
 * answered their last, until BENCH_FAKE_UPDATES were served.
 */
import { createServer, type ServerResponse } from "node:http";
import type { Update } from "grammy/types";
import { FAKE_BOT_INFO, listenOnLoopback } from "../reliability/loopback-api.ts";
import { personId, Talk } from "./telegram-talk.ts";
import type { FakeReport, FakeRequest } from "./fake-process.ts";

const PEOPLE = Number(process.env["BENCH_FAKE_PEOPLE"] ?? 0);
const TOTAL = Number(process.env["BENCH_FAKE_UPDATES"] ?? 0);
/** Telegram's most updates in one answer to getUpdates. */
const MOST_PER_POLL = 100;

const talk = new Talk();
const queue: Update[] = [];
/** People whose last update the bot has not answered yet, by user id. */
const waiting = new Set<number>();
const polls: { response: ServerResponse; timer: NodeJS.Timeout; limit: number }[] = [];
let serving = false;
let served = 0;
let calls = 0;
let pollCalls = 0;
let lastCallAt = 0;
let messageId = 0;

function queueNext(index: number): void {
  if (served + queue.length >= TOTAL) return;
  const update = talk.next(index);
  queue.push(update);
  waiting.add(personId(index));
  answerPolls();
}

function answerPolls(): void {
  while (queue.length > 0 && polls.length > 0) {
    const poll = polls.shift();
    if (!poll) break;
    clearTimeout(poll.timer);
    const updates = queue.splice(0, poll.limit);
    served += updates.length;
    poll.response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result: updates }));
  }
}

function answer(response: ServerResponse, result: unknown): void {
  response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result }));
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const method = (request.url ?? "").split("/").pop() ?? "";
    const body = Buffer.concat(chunks);
    const parsed: unknown = request.headers["content-type"]?.includes("json") && body.length > 0 ? JSON.parse(body.toString("utf8")) : {};
    const payload: Record<string, unknown> = typeof parsed === "object" && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
    lastCallAt = Date.now();
    if (method === "getUpdates") {
      pollCalls += 1;
      const limit = Math.min(MOST_PER_POLL, Number(payload["limit"] ?? MOST_PER_POLL));
      const timeoutMs = Number(payload["timeout"] ?? 0) * 1000;
      const poll = { response, limit, timer: setTimeout(() => answerOne(poll), timeoutMs) };
      polls.push(poll);
      answerPolls();
      return;
    }
    calls += 1;
    if (method === "getMe") return answer(response, FAKE_BOT_INFO);
    const chatId = Number(payload["chat_id"] ?? 0);
    const sent = method.startsWith("send") || method.startsWith("edit") ? ++messageId : undefined;
    talk.saw(method, payload, sent);
    const answeredPerson = method === "answerCallbackQuery" ? Number(String(payload["callback_query_id"]).split("-")[0]) : chatId;
    if (serving && waiting.delete(answeredPerson)) queueNext(answeredPerson - personId(0));
    if (sent === undefined) return answer(response, true);
    answer(response, { message_id: sent, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: chatId < 0 ? "supergroup" : "private" }, text: "" });
  });
});

/** A long poll that waited its time out: answered with nothing. */
function answerOne(poll: (typeof polls)[number]): void {
  const at = polls.indexOf(poll);
  if (at < 0) return;
  polls.splice(at, 1);
  answer(poll.response, []);
}

function report(): FakeReport {
  return { kind: "status", served, total: TOTAL, waiting: waiting.size, calls, polls: pollCalls, lastCallAt };
}

process.on("message", (message: FakeRequest) => {
  if (message.kind === "serve") {
    serving = true;
    for (let index = 0; index < PEOPLE; index++) queueNext(index);
  }
  process.send?.(report());
});

const apiRoot = await listenOnLoopback(server);
process.send?.({ kind: "ready", apiRoot });
