/**
 * Webhook mode: Telegram posts each update to TELEGRAM_WEBHOOK_URL, and a
 * node:http server on PORT hands it to the bot. A request without the secret
 * token Telegram was given (X-Telegram-Bot-Api-Secret-Token) is refused with
 * 401 before its body is read. GET /healthz answers 200 for load balancers.
 *
 * Telegram is answered only once the update has been handled (and its effects
 * committed), so an update lost to a crash is sent again, and the store's
 * record of handled updates makes the second delivery change nothing.
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { webhookCallback, type Bot } from "grammy";
import { describeError } from "../../flows/errors.ts";
import type { Logger } from "../../flows/ports.ts";
import { ALLOWED_UPDATES } from "./polling.ts";

const SECRET_HEADER = "x-telegram-bot-api-secret-token";
/** Telegram gives up on a webhook call after about a minute; a slow export should still finish. */
const HANDLER_TIMEOUT_MS = 55_000;

export interface WebhookOptions {
  bot: Bot;
  /** The public https URL Telegram calls; its path is the path served here. */
  url: string;
  secret: string;
  port: number;
  log: Logger;
  /** Whether to tell Telegram the URL (setWebhook); tests of the server alone skip it. */
  register?: boolean;
}

export interface RunningWebhook {
  /** The port listened on (useful when 0 was asked for). */
  port: number;
  stop(): Promise<void>;
}

export async function startWebhook(options: WebhookOptions): Promise<RunningWebhook> {
  const path = new URL(options.url).pathname;
  // The secret is checked in `route`, before the body is read; grammY need not check it again.
  const handleUpdate = webhookCallback(options.bot, "http", { onTimeout: "throw", timeoutMilliseconds: HANDLER_TIMEOUT_MS });
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
    if (requestPath !== path || request.method !== "POST") {
      response.writeHead(404).end();
      return;
    }
    if (!sameSecret(request.headers[SECRET_HEADER], options.secret)) {
      request.resume();
      response.writeHead(401).end();
      return;
    }
    await handleUpdate(request, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, () => resolve());
  });
  if (options.register !== false) {
    try {
      await options.bot.api.setWebhook(options.url, { secret_token: options.secret, allowed_updates: ALLOWED_UPDATES });
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

/** Compares in constant time, so the secret cannot be guessed from response times. */
function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
