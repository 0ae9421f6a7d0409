/**
 * Webhook mode: Telegram posts each update to TELEGRAM_WEBHOOK_URL, and a
 * node:http server on PORT hands it to the bot. A request without the secret
 * token Telegram was given (X-Telegram-Bot-Api-Secret-Token) is refused with
 * 401, and one too large with 413, before its body is read; a body that is not
 * an update is refused with 400. GET /healthz answers 200 for load balancers;
 * everything else is 404.
 *
 * Telegram is answered only once the update has been handled (and its effects
 * committed), so an update lost to a crash is sent again, and the store's
 * record of handled updates makes the second delivery change nothing.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { describeError } from "../../flows/errors.ts";
import type { Logger } from "../../flows/ports.ts";
import type { GrammySignal } from "./bot.ts";
import { ALLOWED_UPDATES } from "./polling.ts";

const SECRET_HEADER = "x-telegram-bot-api-secret-token";
/** Telegram gives up on a webhook call after about a minute; a slow export should still finish. */
const HANDLER_TIMEOUT_MS = 55_000;
/**
 * The largest body read. Telegram's updates are small: a message holds at
 * most 4,096 characters (16 KiB in UTF-8) with its formatting and the message
 * it replies to, and files come as ids, never inline. 256 KiB is generous room
 * for that, and keeps anyone who learnt the secret from making the server
 * buffer megabytes per request.
 */
export const MAX_BODY_BYTES = 256 * 1024;

export interface WebhookOptions {
  bot: Bot;
  /** The public https URL Telegram calls; its path is the path served here. */
  url: string;
  secret: string;
  port: number;
  /** The address to listen on; every interface unless given (the reliability suite keeps to loopback). */
  host?: string;
  log: Logger;
  /** Whether to tell Telegram the URL (setWebhook); tests of the server alone skip it. */
  register?: boolean;
  /** Gives up waiting for Telegram at start (getMe, setWebhook) once aborted, e.g. on SIGTERM. */
  signal?: GrammySignal;
}

export interface RunningWebhook {
  /** The port listened on (useful when 0 was asked for). */
  port: number;
  stop(): Promise<void>;
}

export async function startWebhook(options: WebhookOptions): Promise<RunningWebhook> {
  const path = new URL(options.url).pathname;
  const expectedSecret = digest(options.secret);
  // Handling an update needs the bot's own identity; a no-op when it is known already.
  await options.bot.init(options.signal);
  const server = createServer((request, response) => {
    void route(request, response).catch((error: unknown) => {
      options.log.error("telegram-webhook-failed", describeError(error));
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestPath = new URL(request.url ?? "/", "http://localhost").pathname;
    if (request.method === "GET" && requestPath === "/healthz") {
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    if (requestPath !== path || request.method !== "POST") return refuse(response, 404);
    if (!sameSecret(request.headers[SECRET_HEADER], expectedSecret)) return refuse(response, 401);
    const body = await readBody(request, MAX_BODY_BYTES);
    if (body.kind === "too-large") return refuse(response, 413);
    const update = parseUpdate(body.data);
    if (!update) return refuse(response, 400);
    await withinTime(options.bot.handleUpdate(update), HANDLER_TIMEOUT_MS);
    response.writeHead(200).end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port, ...(options.host ? { host: options.host } : {}) }, () => resolve());
  });
  if (options.register !== false) {
    try {
      await options.bot.api.setWebhook(options.url, { secret_token: options.secret, allowed_updates: ALLOWED_UPDATES }, options.signal);
    } catch (error) {
      await closeServer(server);
      throw error;
    }
  }
  const address = server.address();
  return {
    port: typeof address === "object" && address !== null ? address.port : options.port,
    stop: () => closeServer(server),
  };
}

/**
 * Answers a refused request and closes its connection, so that whatever is
 * left of its body is never read (Node reads it to reuse a kept-alive one).
 */
function refuse(response: ServerResponse, status: number): void {
  response.writeHead(status, { connection: "close" }).end();
}

type Body = { kind: "read"; data: Buffer } | { kind: "too-large" };

/**
 * The request's body, unless it is announced (Content-Length) or turns out
 * (chunked) to be longer than `limit`: then reading stops at once.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Body> {
  if (Number(request.headers["content-length"] ?? 0) > limit) return Promise.resolve({ kind: "too-large" });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const take = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      request.off("data", take);
      request.pause();
      resolve({ kind: "too-large" });
    };
    request.on("data", take);
    request.once("end", () => resolve({ kind: "read", data: Buffer.concat(chunks, size) }));
    request.once("error", reject);
    // After `end` or a refusal this changes nothing; before, the caller hung up mid-body.
    request.once("close", () => reject(new Error("the connection closed before the whole body arrived")));
  });
}

/** The update a body holds, or null when it is not JSON or not an update (no numeric update_id). */
function parseUpdate(body: Buffer): Update | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
  return isUpdate(parsed) ? parsed : null;
}

function isUpdate(value: unknown): value is Update {
  return typeof value === "object" && value !== null && "update_id" in value && Number.isSafeInteger(value.update_id);
}

/** Rejects once `ms` have passed; Telegram then gets a 500 and sends the update again later. */
function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the update was not handled within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/**
 * Compares the SHA-256 digests of the given and the expected secret in
 * constant time: digests are always 32 bytes, so neither the time taken nor
 * an early exit on a length mismatch tells a guesser anything about the
 * secret, not even how long it is.
 */
function sameSecret(given: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof given !== "string") return false;
  return timingSafeEqual(digest(given), expected);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
