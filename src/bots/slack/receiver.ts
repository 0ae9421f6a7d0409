/**
 * Slack's requests over HTTP, on the process's one server (src/server.ts),
 * at Bolt's default path `/slack/events`: the Events API, the slash command
 * and interactivity all arrive there. This is a Bolt `Receiver` (Bolt's
 * three-method transport interface), used instead of Bolt's HTTPReceiver,
 * which opens a server of its own on another port.
 *
 * Before anything is read or done, a request must carry Slack's signature
 * (`v0`, HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret)
 * and a timestamp within five minutes of now, either way: anything else is
 * answered 401 and causes nothing. Bolt's `verifySlackRequest` checks the
 * signature and a stale timestamp; one dated ahead is refused here too, or a
 * request captured with a future date could be replayed for longer.
 *
 * When Slack is answered (Slack wants an answer within 3 seconds, and
 * retries an event that got none, with `X-Slack-Retry-Num`):
 * - once the work is done and its effects committed, in the common case:
 *   an event lost to a crash before then is sent again, and the store's
 *   record of handled updates (by event id) makes a retry change nothing;
 * - or at {@link ACK_WITHIN_MS} (2 seconds), whichever comes first: the
 *   work (a slow export) goes on, and Slack is not left to give up and
 *   tell the person the command failed.
 * A failure before the answer is answered 500, so Slack sends an event again
 * (a command or a press is not sent again; the person sees that it failed).
 */
import type { App, Receiver, ReceiverEvent } from "@slack/bolt";
import { isValidSlackRequest } from "@slack/bolt";
import { describeError } from "../../flows/errors.ts";
import type { Logger } from "../../flows/ports.ts";
import type { HttpServer, RouteAnswer, RouteRequest, ServedRoute } from "../../server.ts";

/** Bolt's default path for events, commands and interactivity alike. */
export const SLACK_PATH = "/slack/events";
/**
 * When Slack is answered at the latest, counted from the body having been
 * read: under Slack's 3 seconds with a second's room for what comes before
 * and after (the network, a busy event loop). With 2.5 s, 50 first contacts
 * at once on a loaded 2-core machine were answered in 2.9–3.4 s as Slack
 * sees it (src/bench/slack-ack.ts), past Slack's limit.
 */
export const ACK_WITHIN_MS = 2000;
/**
 * The largest body read. An interactivity payload carries the whole message
 * pressed (up to 50 blocks of 3,000 characters, escaped in a form field);
 * a megabyte holds that, and keeps a stranger from making the server buffer more.
 */
export const MAX_BODY_BYTES = 1024 * 1024;
/** How far a request's timestamp may be from now, either way, as Slack advises. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

export interface SlackReceiverOptions {
  server: HttpServer;
  signingSecret: string;
  log: Logger;
  /** When Slack is answered at the latest (tests shorten it). */
  ackWithinMs?: number;
  /** Now, in milliseconds since the epoch (tests move it); the system clock unless given. */
  now?: () => number;
}

export class SharedServerReceiver implements Receiver {
  private app: App | undefined;
  private served: ServedRoute | undefined;
  /** Work still under way after Slack was answered, awaited on stop. */
  private readonly underWay = new Set<Promise<void>>();

  constructor(private readonly options: SlackReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  start(): Promise<void> {
    this.served ??= this.options.server.route({ path: SLACK_PATH, maxBodyBytes: MAX_BODY_BYTES, handle: (request) => this.receive(request) });
    return Promise.resolve();
  }

  /** Stops serving the path, and resolves once the requests under way, and the work after their answers, have finished. */
  async stop(): Promise<void> {
    await this.served?.remove();
    this.served = undefined;
    await Promise.allSettled([...this.underWay]);
  }

  /** Resolves once the work under way now (answered or not) has finished; for a benchmark or test that reads its effects. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.underWay]);
  }

  /** One request: verified, then handed to Bolt, answered as the comment at the top says. */
  async receive(request: RouteRequest): Promise<RouteAnswer> {
    const app = this.app;
    if (!app) throw new Error("The Slack receiver was started before Bolt's App took it");
    const raw = request.body.toString("utf8");
    if (!this.verified(request, raw)) return { status: 401, headers: { connection: "close" } };
    const body = parseBody(raw, header(request, "content-type") ?? "");
    if (body === null) return { status: 400 };
    if (body["type"] === "url_verification") return json({ challenge: typeof body["challenge"] === "string" ? body["challenge"] : "" });
    if (body["ssl_check"] !== undefined) return { status: 200 };

    let acked: RouteAnswer | undefined;
    let answered!: (answer: RouteAnswer) => void;
    const answer = new Promise<RouteAnswer>((resolve) => (answered = resolve));
    const retryNum = Number(header(request, "x-slack-retry-num"));
    const retryReason = header(request, "x-slack-retry-reason");
    const event: ReceiverEvent = {
      body,
      ...(Number.isInteger(retryNum) ? { retryNum } : {}),
      ...(retryReason ? { retryReason } : {}),
      ack: (response?: unknown) => {
        acked ??= ackAnswer(response);
        return Promise.resolve();
      },
    };
    const work = app.processEvent(event).then(
      () => answered(acked ?? { status: 200 }),
      (error: unknown) => {
        this.options.log.error("slack-request-failed", describeError(error));
        // Events are acknowledged by Bolt before their work starts; a failure still gets 500, so Slack sends the event again.
        answered({ status: 500 });
      },
    );
    const timer = setTimeout(() => answered(acked ?? { status: 200 }), this.options.ackWithinMs ?? ACK_WITHIN_MS);
    this.underWay.add(work);
    void work.finally(() => {
      clearTimeout(timer);
      this.underWay.delete(work);
    });
    return answer;
  }

  private verified(request: RouteRequest, raw: string): boolean {
    const signature = header(request, "x-slack-signature");
    const timestamp = Number(header(request, "x-slack-request-timestamp"));
    if (signature === undefined || !Number.isSafeInteger(timestamp)) return false;
    const nowMilliseconds = (this.options.now ?? Date.now)();
    if (Math.abs(Math.floor(nowMilliseconds / 1000) - timestamp) > MAX_CLOCK_SKEW_SECONDS) return false;
    return isValidSlackRequest({ signingSecret: this.options.signingSecret, body: raw, headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp }, nowMilliseconds });
  }
}

function header(request: RouteRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * A request's body as Bolt reads it: JSON (the Events API), a form (the
 * slash command), or a form whose `payload` field is JSON (interactivity).
 * Null when it is none of these.
 */
export function parseBody(raw: string, contentType: string): Record<string, unknown> | null {
  try {
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      const form = new URLSearchParams(raw);
      const payload = form.get("payload");
      if (payload !== null) return record(JSON.parse(payload));
      return Object.fromEntries(form);
    }
    return record(JSON.parse(raw));
  } catch {
    return null;
  }
}

function record(value: unknown): Record<string, unknown> | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  return Object.fromEntries(Object.entries(value));
}

/** What `ack(response)` asks Slack to be answered: nothing, a text, or JSON (a message shown to the person). */
function ackAnswer(response: unknown): RouteAnswer {
  if (response === undefined || response === null || response === "") return { status: 200 };
  if (typeof response === "string") return { status: 200, headers: { "content-type": "text/plain; charset=utf-8" }, body: response };
  return json(response);
}

function json(value: unknown): RouteAnswer {
  return { status: 200, headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(value) };
}
