/**
 * Webhook mode: Telegram posts each update to TELEGRAM_WEBHOOK_URL, and the
 * process's HTTP server (src/server.ts) hands it to the bot on that URL's
 * path. A request without the secret token Telegram was given
 * (X-Telegram-Bot-Api-Secret-Token) is refused with 401, and one too large
 * with 413, before its body is read; a body that is not an update is refused
 * with 400.
 *
 * Telegram is answered only once the update has been handled (and its effects
 * committed), so an update lost to a crash is sent again, and the store's
 * record of handled updates makes the second delivery change nothing.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { HttpServer, Route } from "../../server.ts";
import type { GrammySignal } from "./bot.ts";
import { ALLOWED_UPDATES, type Stoppable } from "./polling.ts";

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
  /** The process's HTTP server, already listening. */
  server: HttpServer;
  /** Whether to tell Telegram the URL (setWebhook); tests of the route alone skip it. */
  register?: boolean;
  /** Gives up waiting for Telegram at start (getMe, setWebhook) once aborted, e.g. on SIGTERM. */
  signal?: GrammySignal;
}

/**
 * Serves Telegram's calls on the URL's path, then tells Telegram the URL, so
 * that no update arrives before its route does. `stop` stops serving the
 * path and waits for the updates under way.
 */
export async function serveWebhook(options: WebhookOptions): Promise<Stoppable> {
  // Handling an update needs the bot's own identity; a no-op when it is known already.
  await options.bot.init(options.signal);
  const served = options.server.route(webhookRoute(options.bot, new URL(options.url).pathname, options.secret));
  if (options.register !== false) {
    try {
      await options.bot.api.setWebhook(options.url, { secret_token: options.secret, allowed_updates: ALLOWED_UPDATES }, options.signal);
    } catch (error) {
      await served.remove();
      throw error;
    }
  }
  return { stop: () => served.remove() };
}

/** Telegram's route: its secret token checked before the body is read, the body handled as one update. */
function webhookRoute(bot: Bot, path: string, secret: string): Route {
  const expectedSecret = digest(secret);
  return {
    path,
    maxBodyBytes: MAX_BODY_BYTES,
    admit: (headers: IncomingHttpHeaders) => sameSecret(headers[SECRET_HEADER], expectedSecret),
    async handle({ body }) {
      const update = parseUpdate(body);
      if (!update) return { status: 400, headers: { connection: "close" } };
      await withinTime(bot.handleUpdate(update), HANDLER_TIMEOUT_MS);
      return { status: 200 };
    },
  };
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
