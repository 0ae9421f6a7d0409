/**
 * Starting Baraza on Slack as configured: who the bot is in its workspace
 * (`auth.test`, and `bots.info` for the link to its messages), then
 * requests over HTTP on the process's server (SLACK_SIGNING_SECRET), or
 * over Socket Mode (SLACK_APP_TOKEN), which needs no public address.
 *
 * With Slack out of reach, `auth.test` (and, for Socket Mode, opening the
 * link with the app-level token) is tried again with growing pauses for as
 * long as it takes, each failure said to the operator; a stop (Ctrl+C,
 * SIGTERM) ends the wait. A token Slack refuses is named by its variable
 * ({@link SlackTokenRefused}), never shown.
 */
import { SocketModeReceiver, webApi, type Receiver } from "@slack/bolt";
import type { Baraza } from "../../flows/baraza.ts";
import type { Channel } from "../../flows/channel.ts";
import { describeError } from "../../flows/errors.ts";
import type { Logger } from "../../flows/ports.ts";
import type { Texts } from "../../flows/texts.ts";
import type { HttpServer } from "../../server.ts";
import { createSlackApp, slackLogger, type SlackIdentity } from "./app.ts";
import { platformError } from "./outbound.ts";
import { SharedServerReceiver, SLACK_PATH } from "./receiver.ts";

export interface SlackSettings {
  token: string;
  /** Requests over HTTP on `server`, verified with this secret; or else over Socket Mode with `appToken`. */
  signingSecret?: string | undefined;
  appToken?: string | undefined;
  server?: HttpServer | undefined;
  /** The Web API's base URL (SLACK_API_URL), such as a local fake in tests; Slack's own otherwise. */
  apiUrl?: string | undefined;
  defaultLocale: string;
}

/** The Slack channel, started. */
export interface SlackChannel extends Channel {
  readonly mode: "http" | "socket";
  /** The workspace's name for the bot's user, for the start-up line. */
  readonly botName: string;
}

/** The variables holding a token Slack may refuse. */
export type SlackTokenVariable = "SLACK_BOT_TOKEN" | "SLACK_APP_TOKEN";

/** What to do about each token Slack refuses, for the operator. */
const HOW_TO_FIX: Record<SlackTokenVariable, string> = {
  SLACK_BOT_TOKEN: "copy the Bot User OAuth Token (xoxb-…) again from OAuth & Permissions in the app's settings, after installing the app to the workspace",
  SLACK_APP_TOKEN: "copy an app-level token (xapp-…) with the connections:write scope again from Basic Information, App-Level Tokens in the app's settings, and turn Socket Mode on",
};

/** Slack does not take a configured token: a setting to fix, not a crash. The message names the variable, never the token. */
export class SlackTokenRefused extends Error {
  constructor(
    readonly variable: SlackTokenVariable,
    code: string,
  ) {
    super(`${variable}: Slack does not accept this token (${code}); ${HOW_TO_FIX[variable]}`);
    this.name = "SlackTokenRefused";
  }
}

/** Start-up was given up (the stop signal was aborted) while it waited for Slack; nothing is left running. */
export class SlackStartStopped extends Error {
  constructor(readonly step: string) {
    super(`waiting for Slack to answer ${step}`);
    this.name = "SlackStartStopped";
  }
}

/** Slack's answers for a token it will never take (auth.test's, and those Socket Mode gives up on). */
const REFUSED = new Set(["invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "not_allowed_token_type", "user_removed_from_team", "team_disabled"]);
/** The pauses between tries to reach Slack at start, growing to a minute. */
const FIRST_PAUSE_MS = 1000;
const LONGEST_PAUSE_MS = 60_000;

/**
 * Starts Slack. `say` gives the operator a line: where the bot is reaching
 * for Slack, and each failure while it keeps trying.
 */
export async function startSlack(settings: SlackSettings, baraza: Baraza, texts: Texts, log: Logger, stop: AbortSignal, say: (line: string) => void = () => undefined): Promise<SlackChannel> {
  const base = settings.apiUrl ? { slackApiUrl: withSlash(settings.apiUrl) } : {};
  const quiet = { logger: slackLogger(log, "slack-client-error"), logLevel: webApi.LogLevel.ERROR };
  // Messages are retried for as long as Slack's own policy says (about half an hour); lookups and start-up give up soon and say so.
  const client = new webApi.WebClient(settings.token, { ...base, ...quiet });
  const brief = new webApi.WebClient(settings.token, { ...base, ...quiet, retryConfig: { retries: 0 }, timeout: 5000 });
  const address = settings.apiUrl ?? "https://slack.com/api/";

  say(`Reaching Slack at ${address}…`);
  const identity = await whoAmI(brief, stop, (reason) => say(`Could not reach Slack at ${address} (${reason}); trying again with growing pauses. Stop with Ctrl+C.`));
  const appLink = await linkToMessages(brief, identity, log);
  if (settings.appToken) {
    // Socket Mode's client gives up at once on a link it cannot open, and would say nothing of which token is wrong:
    // the app-level token is tried here first, as auth.test was, so a refusal names SLACK_APP_TOKEN and an outage is waited out.
    const opener = new webApi.WebClient(settings.appToken, { ...base, ...quiet, retryConfig: { retries: 0 }, timeout: 5000 });
    await untilAnswered("apps.connections.open", "SLACK_APP_TOKEN", stop, (reason) => say(`Could not open Socket Mode's link at ${address} (${reason}); trying again with growing pauses. Stop with Ctrl+C.`), () =>
      opener.apps.connections.open({}),
    );
  }

  const receiver: Receiver = settings.appToken
    ? new SocketModeReceiver({ appToken: settings.appToken, logger: slackLogger(log, "slack-socket-error"), installerOptions: { clientOptions: base } })
    : new SharedServerReceiver({ server: requiredServer(settings.server), signingSecret: requiredSecret(settings.signingSecret), log });
  const { app, ...channel } = createSlackApp({
    token: settings.token,
    identity: { ...identity, appLink },
    receiver,
    client,
    lookups: brief,
    baraza,
    texts,
    defaultLocale: settings.defaultLocale,
    log,
  });
  if (stop.aborted) throw new SlackStartStopped(settings.appToken ? "apps.connections.open" : "auth.test");
  try {
    await app.start();
  } catch (error) {
    await app.stop().catch(() => undefined);
    const code = platformError(error);
    if (settings.appToken && code !== undefined && REFUSED.has(code)) throw new SlackTokenRefused("SLACK_APP_TOKEN", code);
    throw error;
  }
  return {
    ...channel,
    mode: settings.appToken ? "socket" : "http",
    botName: identity.name,
    start: () => Promise.resolve(),
    stop: () => app.stop().then(() => undefined),
  };
}

/** The bot's identity, asked until Slack answers; a refused token throws {@link SlackTokenRefused}. */
function whoAmI(client: webApi.WebClient, stop: AbortSignal, failed: (reason: string) => void): Promise<SlackIdentity & { teamId: string }> {
  return untilAnswered("auth.test", "SLACK_BOT_TOKEN", stop, failed, async () => {
    const answer = await client.auth.test();
    if (!answer.user_id || !answer.bot_id) throw new SlackTokenRefused("SLACK_BOT_TOKEN", "not a bot token");
    return { botUserId: answer.user_id, botId: answer.bot_id, name: answer.user ?? answer.user_id, teamId: answer.team_id ?? "" };
  });
}

/**
 * `attempt`, tried again with growing pauses while Slack cannot be reached
 * or fails, each failure said through `failed`; a refused token throws
 * {@link SlackTokenRefused} naming `variable`, an aborted `stop` {@link SlackStartStopped}.
 */
async function untilAnswered<T>(step: string, variable: SlackTokenVariable, stop: AbortSignal, failed: (reason: string) => void, attempt: () => Promise<T>): Promise<T> {
  let pause = FIRST_PAUSE_MS;
  for (;;) {
    if (stop.aborted) throw new SlackStartStopped(step);
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof SlackTokenRefused) throw error;
      const code = platformError(error);
      if (code !== undefined && REFUSED.has(code)) throw new SlackTokenRefused(variable, code);
      failed(code ?? reasonOf(error));
    }
    await pauseFor(pause, stop);
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  }
}

/**
 * The link that opens a person's messages with the app (its private chat),
 * from the app's id, which `bots.info` gives. Without it (no `users:read`
 * scope, an outage), private-chat links are left out; the texts say what to do.
 */
async function linkToMessages(client: webApi.WebClient, identity: { botId: string; teamId: string }, log: Logger): Promise<string | undefined> {
  try {
    const answer = await client.bots.info({ bot: identity.botId });
    const appId = answer.bot?.app_id;
    return appId ? `https://slack.com/app_redirect?app=${encodeURIComponent(appId)}&team=${encodeURIComponent(identity.teamId)}` : undefined;
  } catch (error) {
    log.error("slack-app-unknown", { code: platformError(error) ?? describeError(error).error ?? "none" });
    return undefined;
  }
}

function pauseFor(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    stop.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      stop.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** Why Slack could not be reached, for the operator: a network code, never the token. */
function reasonOf(error: unknown): string {
  const inner: unknown = error instanceof Error ? ("original" in error ? error.original : error.cause) : undefined;
  const code = typeof inner === "object" && inner !== null && "code" in inner ? String(inner.code) : undefined;
  return code ?? (error instanceof Error && "code" in error ? String(error.code) : "no answer");
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

function requiredServer(server: HttpServer | undefined): HttpServer {
  if (!server) throw new Error(`Slack over HTTP was started without the server for ${SLACK_PATH}`);
  return server;
}

function requiredSecret(secret: string | undefined): string {
  if (!secret) throw new Error("Slack over HTTP was started without SLACK_SIGNING_SECRET");
  return secret;
}
