/**
 * A stand-in for Telegram's Bot API on a loopback port, so that what the
 * real adapter sends can be counted without reaching Telegram. Every call
 * succeeds; a send is answered with a message as Telegram would, so the
 * adapter's follow-ups (buttons taken away, edits in place) happen as in
 * production. (test/bots/telegram/fake-bot-api.ts does more, for tests; the
 * suite needs only the count.)
 */
import { createServer } from "node:http";
import type { UserFromGetMe } from "grammy/types";
import { FAKE_BOT_INFO, listenOnLoopback } from "./loopback-api.ts";

export const TOKEN = "123456:RELIABILITY-TOKEN";
export const BOT_INFO: UserFromGetMe = FAKE_BOT_INFO;

/** Bot API methods that put a message in front of someone: what "messages sent" counts. */
const MESSAGE_METHODS = new Set(["sendMessage", "sendPhoto", "sendDocument", "editMessageText"]);

export interface FakeBotApi {
  apiRoot: string;
  /** How many messages were put in front of people so far (sent, or written over in place). */
  messages(): number;
  /** Every call, by method. */
  calls(): ReadonlyMap<string, number>;
  close(): Promise<void>;
}

export async function startFakeBotApi(): Promise<FakeBotApi> {
  const calls = new Map<string, number>();
  let messageId = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const method = (request.url ?? "").split("/").pop() ?? "";
      calls.set(method, (calls.get(method) ?? 0) + 1);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result: result(method, chatOf(request.headers["content-type"], Buffer.concat(chunks)), ++messageId) }));
    });
  });
  const apiRoot = await listenOnLoopback(server);
  return {
    apiRoot,
    messages: () => [...calls].reduce((sum, [method, count]) => sum + (MESSAGE_METHODS.has(method) ? count : 0), 0),
    calls: () => calls,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The chat a call is about, as far as the answer needs it (uploads are multipart, and answered for chat 0). */
function chatOf(contentType: string | undefined, body: Buffer): number {
  if (!contentType?.includes("json") || body.length === 0) return 0;
  const parsed: unknown = JSON.parse(body.toString("utf8"));
  return typeof parsed === "object" && parsed !== null && "chat_id" in parsed ? Number(parsed.chat_id) : 0;
}

/** What Telegram answers a successful call with, as far as grammY and the adapter read it. */
function result(method: string, chatId: number, messageId: number): unknown {
  if (method === "getMe") return BOT_INFO;
  if (method === "getUpdates") return [];
  if (!method.startsWith("send") && method !== "editMessageText") return true;
  return { message_id: messageId, date: 0, chat: { id: chatId, type: chatId < 0 ? "supergroup" : "private" } };
}
