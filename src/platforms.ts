/**
 * Running Baraza on every configured platform at once, in one process: one
 * HTTP server for their webhooks and /healthz, and one sweep that sends
 * scheduled messages through each platform's channel.
 *
 * A platform is one entry in {@link PLATFORMS}, saying when the
 * configuration asks for it and how it starts: Telegram, Slack and
 * WhatsApp.
 *
 * The rules, and why:
 * - The HTTP server listens whenever PORT is set, and on
 *   {@link DEFAULT_PORT} when a webhook needs it and PORT is not. Hosts that
 *   check a process's health (Docker, Kubernetes, Cloud Run, Heroku, Render)
 *   set PORT, and /healthz then serves them even when every platform polls.
 *   A run that polls with PORT unset opens no port: a bot on a laptop does
 *   not fail because something else holds 8080.
 * - Platforms start side by side: one that is still reaching its service
 *   (retrying, as Telegram does when out of reach) does not keep the others
 *   from running.
 * - A platform that cannot start (a setting it refuses, a failure) stops the
 *   others too, and Baraza exits with 1. A deployment runs on all the
 *   platforms it was configured for or on none: a half-running one would
 *   answer /healthz while one community goes unheard, and nobody would
 *   look.
 * - Except WhatsApp, which may be left out ({@link PlatformLeftOut}): its
 *   session belongs to one process at a time, so a second process runs
 *   without it by design, and a linked phone can drop it at any time
 *   anyway (a logout, a blocked number). What keeps it out (the session in
 *   another process, no Chromium, a session folder it cannot use) is said,
 *   and the others run on. With no platform left, nothing runs.
 * - The sweep starts once every platform runs: a sweep before would claim
 *   the jobs of a platform not yet running and leave them for a lease.
 * - A platform's code and library (grammY, Bolt, whatsapp-web.js) are
 *   imported when it starts: the terminal chat, or a bot on one platform,
 *   does not load the others (tens of MB, and seconds of start).
 */
import type { Baraza } from "./flows/baraza.ts";
import type { Channel } from "./flows/channel.ts";
import type { Logger } from "./flows/ports.ts";
import type { Texts } from "./flows/texts.ts";
import type { Config } from "./config.ts";
import { DEFAULT_PORT, startHttpServer, type HttpServer } from "./server.ts";
import { sendByPlatform, startSweep } from "./bots/sweep.ts";
import type { MakeClient } from "./bots/whatsapp/start.ts";

/** What a platform is started with. */
export interface PlatformContext {
  config: Config;
  baraza: Baraza;
  texts: Texts;
  log: Logger;
  /** The process's HTTP server, running whenever a configured platform takes webhooks (see {@link Platform.takesWebhooks}). */
  http: HttpServer | undefined;
  /** A line for the operator (standard output): what start-up is waiting for, never a secret. */
  say(line: string): void;
}

/** A platform running: its channel, and how it runs, for the operator's line (`as @BarazaBot (long polling)`). */
export interface RunningPlatform {
  channel: Channel;
  how: string;
  /**
   * Called as the process begins to stop, before the sweep's stop is
   * awaited: a platform that holds sends (WhatsApp, paused) fails them at
   * once, so that the sweep's stop does not wait for them for ever.
   */
  stopping?(): void;
}

/** One platform Baraza can run on. */
export interface Platform {
  /** Its name for the operator: `Telegram`. */
  readonly name: string;
  /** Whether the configuration asks for it (its token is set). */
  configured(config: Config): boolean;
  /** Whether, as configured, it takes calls on the HTTP server. */
  takesWebhooks(config: Config): boolean;
  /**
   * Starts it. Throws {@link SettingRefused} for a setting its service does
   * not accept, {@link StartStopped} when `signal` is aborted before it
   * runs, and (WhatsApp only) {@link PlatformLeftOut} when it cannot run
   * here but the others may run on; in each case nothing of it is left
   * running.
   */
  start(context: PlatformContext, signal: AbortSignal): Promise<RunningPlatform>;
}

/** A setting a platform's service does not accept: the message names the variable and what to do. */
export class SettingRefused extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SettingRefused";
  }
}

/** Start-up was given up, as asked; the message says what it was waiting for. */
export class StartStopped extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StartStopped";
  }
}

/**
 * The platform cannot run in this process, and the others run on without
 * it (only WhatsApp, see the rules above); the message says why and what to
 * do, whole, for the operator.
 */
export class PlatformLeftOut extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PlatformLeftOut";
  }
}

const telegram: Platform = {
  name: "Telegram",
  configured: (config) => config.TELEGRAM_BOT_TOKEN !== undefined,
  takesWebhooks: (config) => config.TELEGRAM_WEBHOOK_URL !== undefined,
  async start({ config, baraza, texts, log, http, say }, signal) {
    const { startTelegram, TelegramStartStopped, TelegramTokenRefused } = await import("./bots/telegram/start.ts");
    const token = config.TELEGRAM_BOT_TOKEN;
    if (token === undefined) throw new Error("Telegram was started without TELEGRAM_BOT_TOKEN");
    // The configuration refuses a URL without a secret, and the server runs whenever a webhook is configured.
    const webhook = config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET && http ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET, server: http } : undefined;
    try {
      const channel = await startTelegram({ token, apiRoot: config.TELEGRAM_API_ROOT, webhook, defaultLocale: config.DEFAULT_LOCALE, rateLimits: config.TELEGRAM_RATE_LIMITS === "telegram" }, baraza, texts, log, signal, say);
      return { channel, how: `as @${channel.username} (${channel.mode === "webhook" ? "webhook" : "long polling"})` };
    } catch (error) {
      if (error instanceof TelegramTokenRefused) throw new SettingRefused(error.message, { cause: error });
      if (error instanceof TelegramStartStopped) throw new StartStopped(error.message, { cause: error });
      throw error;
    }
  },
};

const slack: Platform = {
  name: "Slack",
  configured: (config) => config.SLACK_BOT_TOKEN !== undefined,
  // Socket Mode opens a connection to Slack; over HTTP, Slack calls /slack/events.
  takesWebhooks: (config) => config.SLACK_APP_TOKEN === undefined,
  async start({ config, baraza, texts, log, http, say }, signal) {
    const { SlackStartStopped, SlackTokenRefused, startSlack } = await import("./bots/slack/start.ts");
    const token = config.SLACK_BOT_TOKEN;
    if (token === undefined) throw new Error("Slack was started without SLACK_BOT_TOKEN");
    try {
      const settings = { token, signingSecret: config.SLACK_SIGNING_SECRET, appToken: config.SLACK_APP_TOKEN, server: http, apiUrl: config.SLACK_API_URL, defaultLocale: config.DEFAULT_LOCALE };
      const channel = await startSlack(settings, baraza, texts, log, signal, say);
      return { channel, how: `as @${channel.botName} (${channel.mode === "socket" ? "Socket Mode" : "HTTP at /slack/events"})` };
    } catch (error) {
      if (error instanceof SlackTokenRefused) throw new SettingRefused(error.message, { cause: error });
      if (error instanceof SlackStartStopped) throw new StartStopped(error.message, { cause: error });
      throw error;
    }
  },
};

/** WhatsApp, on clients made by `makeClient`: whatsapp-web.js in the system's Chromium (`chromiumClient`) unless a test hands in a fake. */
export function whatsAppPlatform(makeClient?: MakeClient): Platform {
  return {
    name: "WhatsApp",
    configured: (config) => config.WHATSAPP_ENABLED,
    takesWebhooks: () => false,
    async start({ config, baraza, texts, log, say }, signal) {
      const { chromiumClient, startWhatsApp, WhatsAppStartStopped, WhatsAppUnavailable } = await import("./bots/whatsapp/start.ts");
      const settings = {
        sessionDir: config.WHATSAPP_SESSION_DIR,
        chromiumPath: config.CHROMIUM_PATH,
        pairingNumber: config.WHATSAPP_PAIRING_NUMBER,
        databaseUrl: config.DATABASE_URL,
        defaultLocale: config.DEFAULT_LOCALE,
        pace: { minGapMs: config.WHATSAPP_MIN_GAP_MS, maxPerMinute: config.WHATSAPP_MAX_PER_MINUTE, paused: config.WHATSAPP_PAUSED },
      };
      try {
        const channel = await startWhatsApp(settings, baraza, texts, log, signal, say, makeClient ?? chromiumClient);
        return { channel, how: `(session in ${channel.sessionDir})`, stopping: () => channel.stopSending() };
      } catch (error) {
        if (error instanceof WhatsAppUnavailable) throw new PlatformLeftOut(error.message, { cause: error });
        if (error instanceof WhatsAppStartStopped) throw new StartStopped(error.message, { cause: error });
        throw error;
      }
    },
  };
}

/** Every platform Baraza knows, in the order they are started and named. */
export const PLATFORMS: readonly Platform[] = [telegram, slack, whatsAppPlatform()];

export interface PlatformsOptions extends Omit<PlatformContext, "http"> {
  /** The platforms to run: the configured ones of {@link PLATFORMS}. */
  platforms: readonly Platform[];
  /** Aborted (with the signal's name as its reason) to give up starting. */
  stop: AbortSignal;
  /** A line for the operator about a failure (standard error). */
  complain(line: string): void;
  sweepIntervalMs: number;
  /** The address the HTTP server listens on; every interface unless given (tests keep to loopback). */
  host?: string;
}

export type PlatformsStart =
  /** Every platform runs; `stop` stops the sweep, then every platform (each finishing its work under way), then the server. */
  | { kind: "running"; http: HttpServer | undefined; stop(): Promise<void> }
  /** `stop` was aborted while starting; nothing is left running. Not a failure. */
  | { kind: "stopped" }
  /** A platform or the server could not start (or every platform was left out), said through `complain`; nothing is left running. */
  | { kind: "failed" };

/**
 * Starts the server (when needed), every platform and then the sweep, as
 * the rules above say. A failure that is no setting and no stop (a bug, an
 * outage it cannot wait out) is thrown once the rest is stopped.
 */
export async function startPlatforms(options: PlatformsOptions): Promise<PlatformsStart> {
  const { config, platforms, log, say, complain } = options;
  let http: HttpServer | undefined;
  if (config.PORT !== undefined || platforms.some((platform) => platform.takesWebhooks(config))) {
    const port = config.PORT ?? DEFAULT_PORT;
    try {
      http = await startHttpServer({ port, log, ...(options.host ? { host: options.host } : {}) });
    } catch (error) {
      const code = error instanceof Error && "code" in error ? String(error.code) : "no reason given";
      complain(`Baraza cannot start: it cannot listen on port ${port} (${code}); set PORT to a free port${config.PORT === undefined ? " (8080 is used when a webhook needs one)" : ""}.`);
      return { kind: "failed" };
    }
    say(`Listening on port ${http.port} for webhooks and /healthz.`);
  }

  // One platform failing stops the others' start; a stop asked for stops them all.
  const starting = new AbortController();
  const onStop = () => starting.abort(options.stop.reason);
  if (options.stop.aborted) onStop();
  else options.stop.addEventListener("abort", onStop, { once: true });
  let failed: Platform | undefined;
  const leftOut = new Set<Platform>();
  const context: PlatformContext = { config, baraza: options.baraza, texts: options.texts, log, http, say };
  const results = await Promise.allSettled(
    platforms.map(async (platform) => {
      try {
        const running = await platform.start(context, starting.signal);
        if (!starting.signal.aborted) say(`Baraza is running on ${platform.name} ${running.how}; stop it with Ctrl+C.`);
        return running;
      } catch (error) {
        // Said, and the others run on; nothing of it runs.
        if (error instanceof PlatformLeftOut) {
          leftOut.add(platform);
          complain(error.message);
          return undefined;
        }
        if (!(error instanceof StartStopped) && !failed) {
          failed = platform;
          starting.abort();
        }
        throw error;
      }
    }),
  );
  options.stop.removeEventListener("abort", onStop);
  const running = results.flatMap((result) => (result.status === "fulfilled" && result.value ? [result.value] : []));

  if (starting.signal.aborted) {
    await Promise.all(running.map((platform) => platform.channel.stop()));
    await http?.close();
    let unexpected: unknown;
    results.forEach((result, index) => {
      if (result.status === "fulfilled") return;
      const platform = platforms[index];
      const reason: unknown = result.reason;
      if (!platform) return;
      if (reason instanceof SettingRefused) complain(`Baraza cannot start on ${platform.name}; fix this setting (environment or .env):\n  ${reason.message}`);
      else if (reason instanceof StartStopped && failed === undefined) complain(`Baraza stopped on ${String(options.stop.reason)} while starting on ${platform.name}, ${reason.message}.`);
      else if (!(reason instanceof StartStopped)) unexpected ??= reason;
    });
    if (failed && platforms.length > 1 + leftOut.size) complain(`Baraza stopped on ${platforms.filter((p) => p !== failed && !leftOut.has(p)).map((p) => p.name).join(", ")} too: it runs on every platform configured or on none.`);
    if (unexpected !== undefined) throw unexpected;
    return failed ? { kind: "failed" } : { kind: "stopped" };
  }

  if (running.length === 0) {
    await http?.close();
    complain("Baraza cannot start: no platform is left to run on.");
    return { kind: "failed" };
  }

  const channels = Object.fromEntries(running.map(({ channel }) => [channel.platform, channel]));
  const sweep = startSweep(options.baraza, sendByPlatform(options.baraza, channels), options.sweepIntervalMs, log);
  return {
    kind: "running",
    http,
    async stop() {
      const sweepStopped = sweep.stop();
      for (const platform of running) platform.stopping?.();
      await sweepStopped;
      await Promise.all(running.map((platform) => platform.channel.stop()));
      await http?.close();
    },
  };
}
